/**
 * The wikifarm example (templates, generated secrets, ordered jobs, a manual job, shared volumes,
 * tests in included files) as one namespace, every object valid for the schema.
 */
import { describe, expect, it } from 'vitest';
import { plain, type PlainObject } from '../../../src/k8s/kube-object.js';
import { manifestYaml } from '../../../src/k8s/manifest-yaml.js';
import { renderManifests, type RenderedManifests } from '../../../src/k8s/manifests.js';
import { schemaIssues } from '../../../src/k8s/validate.js';
import { byKind, FIXED, loadExample, typedDocuments } from './k8s-fixtures.js';

let cached: Promise<{ rendered: RenderedManifests; objects: PlainObject[] }> | undefined;
function renderWikifarm() {
  cached ??= (async () => {
    const project = await loadExample('wikifarm', ['replica', 'dumpsweb']);
    const rendered = await renderManifests(project, { set: 'wf', ...FIXED, tests: { runId: 'r1' } });
    return { rendered, objects: rendered.objects.map(plain) };
  })();
  return cached;
}

type JobLike = PlainObject & { spec: { suspend?: boolean; template: { spec: { containers: { command?: string[]; args?: string[]; env?: { name: string; value?: string; valueFrom?: unknown }[] }[]; serviceAccountName?: string; initContainers?: { name: string; command: string[] }[] } } } };

describe('testbed k8s render of the wikifarm', () => {
  it('renders every service, job and test as objects valid for the schema, read back from the YAML', async () => {
    const { objects } = await renderWikifarm();
    expect(schemaIssues(typedDocuments(manifestYaml(objects)))).toEqual([]);
    const kinds = objects.reduce<Record<string, number>>((n, o) => ({ ...n, [o.kind]: (n[o.kind] ?? 0) + 1 }), {});
    expect(kinds).toMatchObject({ Namespace: 1, StatefulSet: 2, Deployment: 4, PersistentVolumeClaim: 2, ServiceAccount: 1, Role: 1, RoleBinding: 1 });
  });

  it('renders the Liquid configs per set: into a Secret when they hold a secret, a ConfigMap otherwise', async () => {
    const { objects } = await renderWikifarm();
    const local = byKind(objects, 'Secret', 'config-localsettings-php') as PlainObject & { data: { content: string } };
    const text = Buffer.from(local.data.content, 'base64').toString();
    expect(text).toContain('A'.repeat(24));
    const index = byKind(objects, 'ConfigMap', 'config-farm-index-html') as PlainObject & { data: { content: string } };
    expect(index.data.content).toContain('/elwikivoyage/mw/');
    expect(index.data.content).not.toContain('{{');
  });

  it('runs the after-start jobs in order, inside their services with kubectl exec, secrets from a Secret', async () => {
    const { rendered, objects } = await renderWikifarm();
    expect(rendered.jobOrder.map((n) => n.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['job-db-users', 'job-replica-wiring', 'job-install-wikis', 'job-import-pages']);
    const install = byKind(objects, 'Job', rendered.jobNames['install-wikis']!) as JobLike;
    const pod = install.spec.template.spec;
    expect(pod.serviceAccountName).toBe('testbed-exec');
    expect(pod.initContainers?.[0]?.command).toEqual(['kubectl', 'rollout', 'status', '-n', 'wikifarm-wf', 'deployment/phpfpm', '--timeout=1200s']);
    const command = pod.containers[0]!.command!;
    expect(command.slice(0, 8)).toEqual(['kubectl', 'exec', '-n', 'wikifarm-wf', 'deployment/phpfpm', '-c', 'phpfpm', '--']);
    expect(command).toContain('WF_ADMIN_PASSWORD=$(WF_ADMIN_PASSWORD)');
    expect(command.at(-1)).toBe('wf-install-wiki commons elwikivoyage en test');
    expect(pod.containers[0]!.env?.find((e) => e.name === 'WF_ADMIN_PASSWORD')).toEqual({
      name: 'WF_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'job-env-install-wikis', key: 'WF_ADMIN_PASSWORD' } },
    });
    expect(JSON.stringify(install)).not.toContain('A'.repeat(20));
  });

  it('keeps shell $ signs literal (Kubernetes would expand $(VAR) and read $$ as $)', async () => {
    const { rendered, objects } = await renderWikifarm();
    const users = byKind(objects, 'Job', rendered.jobOrder[0]!) as JobLike;
    expect(users.spec.template.spec.containers[0]!.command!.at(-1)).toContain("IDENTIFIED BY '$$WIKIADMIN_PASSWORD'");
  });

  it('execs in a StatefulSet replica by its pod name', async () => {
    const { rendered, objects } = await renderWikifarm();
    const wiring = byKind(objects, 'Job', rendered.jobNames['replica-wiring']!) as JobLike;
    expect(wiring.spec.template.spec.containers[0]!.command!.slice(4, 5)).toEqual(['pod/replica-0']);
  });

  it('renders the manual job suspended (resume it to run it)', async () => {
    const { objects } = await renderWikifarm();
    const dump = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('job-dump-all-')) as JobLike;
    expect(dump.spec.suspend).toBe(true);
  });

  it('shares a volume two services mount through one ReadWriteMany claim', async () => {
    const { objects } = await renderWikifarm();
    expect((byKind(objects, 'PersistentVolumeClaim', 'volume-images') as PlainObject & { spec: { accessModes: string[] } }).spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('renders the tests of the included files as Jobs, an http test as a request to the Service', async () => {
    const { rendered, objects } = await renderWikifarm();
    expect(rendered.tests.length).toBeGreaterThan(10);
    const front = byKind(objects, 'Job', 'test-farm-front-page-r1') as JobLike;
    expect(front.spec.template.spec.containers[0]!.args!.at(-1)).toContain("wget -S -T 10 -O - 'http://web:80/'");
  });

  it('leaves out the jobs and tests of services a profile leaves out, as a Docker set does', async () => {
    const project = await loadExample('wikifarm', ['replica']);
    const rendered = await renderManifests(project, { set: 'wf', ...FIXED, tests: { runId: 'r1' } });
    expect(rendered.objects.some((o) => o.kind === 'Deployment' && o.metadata?.name === 'dumpsweb')).toBe(false);
    expect(rendered.tests.filter((t) => t.skipped).map((t) => t.test.name)).toEqual(expect.arrayContaining(['dumps-index']));
    expect(rendered.objects.some((o) => o.kind === 'Job' && o.metadata?.name === 'test-dumps-index-r1')).toBe(false);
    const without = await renderManifests(await loadExample('wikifarm'), { set: 'wf', ...FIXED });
    expect(without.jobOrder.map((n) => n.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['job-db-users', 'job-install-wikis', 'job-import-pages']);
    expect(without.warnings.map((w) => w.path)).toContain('x-testbed.jobs.replica-wiring');
  });
});
