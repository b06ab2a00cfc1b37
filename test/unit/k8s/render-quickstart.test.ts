/**
 * The quickstart as one namespace: what a user gets from `testbed k8s render demo`, compared with
 * a golden file (UPDATE_GOLDEN=1 rewrites it), and every object valid for the schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plain, type PlainObject } from '../../../src/k8s/kube-object.js';
import { KUBERNETES_SCHEMA_VERSION } from '../../../src/k8s/kubernetes-version.js';
import { manifestYaml, withholdSecretValues } from '../../../src/k8s/manifest-yaml.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import { schemaIssues } from '../../../src/k8s/validate.js';
import { byKind, FIXED, FIXTURES, loadExample, typedDocuments } from './k8s-fixtures.js';

async function renderQuickstart() {
  const project = await loadExample('quickstart');
  const rendered = await renderManifests(project, { set: 'demo', ...FIXED });
  return { rendered, objects: rendered.objects.map(plain) };
}

type Pod = { spec: { template: { spec: { containers: Record<string, unknown>[]; initContainers?: Record<string, unknown>[]; volumes?: unknown[] } } } };

describe('testbed k8s render of the quickstart', () => {
  it('prints what the golden file holds (secret values withheld)', async () => {
    const { objects } = await renderQuickstart();
    const text = manifestYaml(withholdSecretValues(objects).objects);
    const golden = join(FIXTURES, 'quickstart-demo.yaml');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it(`renders only objects that are valid for the Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema, read back from the YAML`, async () => {
    const { objects } = await renderQuickstart();
    const typed = typedDocuments(manifestYaml(objects));
    expect(typed).toHaveLength(objects.length);
    expect(schemaIssues(typed)).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/quickstart-demo',
      'Secret/secret-db-password',
      'Service/app',
      'Service/db',
      'Service/web',
      'StatefulSet/db',
      'Deployment/app',
      'Deployment/web',
    ]);
  });

  it('labels the namespace with project, set and creation time, so status, destroy and gc find it', async () => {
    const { objects } = await renderQuickstart();
    const ns = byKind(objects, 'Namespace', 'quickstart-demo');
    expect(ns.metadata.labels).toMatchObject({
      'dev.testbed.managed': 'true',
      'dev.testbed.project': 'quickstart',
      'dev.testbed.set': 'demo',
      'dev.testbed.created-at': String(Date.parse('2026-01-02T03:04:05Z') / 1000),
    });
  });

  it('gives every service a Service of its own name, so `db` resolves inside the namespace as in a Docker set', async () => {
    const { objects } = await renderQuickstart();
    const db = byKind(objects, 'Service', 'db') as PlainObject & { spec: { ports: unknown[]; selector: Record<string, string> } };
    expect(db.spec.ports).toEqual([{ name: 'tcp-5432', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
    expect(db.spec.selector).toEqual({ 'dev.testbed.set': 'demo', 'dev.testbed.service': 'db' });
  });

  it('runs db, which has a named volume, as a StatefulSet with one claim per replica', async () => {
    const { objects } = await renderQuickstart();
    const db = byKind(objects, 'StatefulSet', 'db') as PlainObject & { spec: { volumeClaimTemplates: { metadata: { name: string }; spec: unknown }[] } };
    expect(db.spec.volumeClaimTemplates.map((t) => [t.metadata.name, t.spec])).toEqual([
      ['db-data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }],
    ]);
  });

  it('turns the healthcheck into a readiness probe and service_healthy into an init container that waits', async () => {
    const { objects } = await renderQuickstart();
    const db = (byKind(objects, 'StatefulSet', 'db') as unknown as Pod).spec.template.spec.containers[0]!;
    expect(db.readinessProbe).toEqual({
      exec: { command: ['pg_isready', '-q', '-U', 'postgres', '-h', '127.0.0.1'] },
      periodSeconds: 2,
      timeoutSeconds: 3,
      failureThreshold: 15,
    });
    const app = (byKind(objects, 'Deployment', 'app') as unknown as Pod).spec.template.spec;
    expect(app.initContainers?.map((c) => [c.name, (c.command as string[]).at(-1)])).toEqual([
      ['wait-for-db', 'until nc -z -w 2 db 5432; do echo "waiting for db:5432"; sleep 2; done'],
    ]);
  });

  it('takes the generated password from a Secret, replacing the file\'s own value', async () => {
    const { objects } = await renderQuickstart();
    const app = (byKind(objects, 'Deployment', 'app') as unknown as Pod).spec.template.spec.containers[0]!;
    expect((app.env as { name: string }[]).filter((e) => e.name === 'PGPASSWORD')).toEqual([
      { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'secret-db-password', key: 'value' } } },
    ]);
    const secret = byKind(objects, 'Secret', 'secret-db-password') as PlainObject & { data: { value: string } };
    expect(Buffer.from(secret.data.value, 'base64').toString()).toBe('A'.repeat(24));
    expect(withholdSecretValues([secret]).objects[0]).toMatchObject({ data: { value: '' }, metadata: { annotations: { 'dev.testbed.values-withheld': 'true' } } });
  });

  it('reports the Compose settings that have no meaning in a cluster instead of dropping them', async () => {
    const { rendered } = await renderQuickstart();
    const paths = rendered.warnings.map((w) => w.path);
    expect(paths).toEqual(expect.arrayContaining(['services.web.ports', 'services.db.build', 'services.db.volumes']));
    expect(rendered.warnings.find((w) => w.path === 'services.web.ports')?.message).toContain('kubectl port-forward -n quickstart-demo svc/web 8080:80');
  });

  it('names built images after a registry the cluster can pull from, with the tag given', async () => {
    const project = await loadExample('quickstart');
    const rendered = await renderManifests(project, { set: 'demo', ...FIXED, registry: 'registry.example.com/team/', imageTag: 'abc1234' });
    const web = (byKind(rendered.objects.map(plain), 'Deployment', 'web') as unknown as Pod).spec.template.spec.containers[0]!;
    expect(web.image).toBe('registry.example.com/team/testbed/quickstart-web:abc1234');
    expect(rendered.warnings.map((w) => w.path)).not.toContain('services.web.build');
  });
});
