/**
 * Testbed's keys for clusters (x-testbed.kubernetes, a service's arbitrary_uid, writable_paths,
 * liveness_probe) are typed in the model as the schema checked them, and a wrong value is an
 * error at its file:line:col when the project loads, for Docker and Kubernetes alike.
 */
import { describe, expect, it } from 'vitest';
import { loadErrorFrom, projectOf } from './load.js';

describe('x-testbed keys for clusters', () => {
  it('are typed fields of the project and its services, with the defaults filled in', async () => {
    const project = await projectOf(`
services:
  web:
    image: nginx:1.27
    x-testbed: { arbitrary_uid: "true", writable_paths: [/var/cache/nginx], liveness_probe: true }
  db:
    image: postgres:16
x-testbed:
  kubernetes: { storage_class: efs, volume_sizes: { data: 5Gi }, kubectl_image: "kubectl:1" }
`);
    expect(project.kubernetes).toEqual({ storageClass: 'efs', volumeSizes: { data: '5Gi' }, kubectlImage: 'kubectl:1', arbitraryUid: false });
    expect(project.services.web).toMatchObject({ arbitraryUid: true, writablePaths: ['/var/cache/nginx'], livenessProbe: true });
    expect(project.services.db).toMatchObject({ writablePaths: [], livenessProbe: false });
    expect(project.services.db!.arbitraryUid).toBeUndefined();
  });

  it('are checked where they are written: a wrong value is an error at its position', async () => {
    const err = await loadErrorFrom({
      'compose.yaml': `services:
  web:
    image: nginx:1.27
    x-testbed: { arbitrary_uid: maybe, writable_paths: /tmp }
x-testbed:
  kubernetes: { volume_sizes: { data: [5Gi] } }
`,
    });
    const at = err.issues.map((i) => `${i.position?.line}:${i.position?.col} ${i.path}`);
    expect(at).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4:\d+ services\.web\.x-testbed\.arbitrary_uid$/),
        expect.stringMatching(/^4:\d+ services\.web\.x-testbed\.writable_paths$/),
        expect.stringMatching(/^6:\d+ x-testbed\.kubernetes\.volume_sizes\.data$/),
      ]),
    );
    expect(err.message).toMatch(/compose\.yaml:4:\d+: services\.web\.x-testbed\.arbitrary_uid: .*is not a boolean/);
  });
});
