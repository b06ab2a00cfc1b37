/**
 * `testbed k8s apply`, `status`, `destroy` and `gc` against recorded API responses (see
 * recorded-api.ts): the requests Testbed sends are what is checked. No cluster runs here.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/common/errors.js';
import { applyManifests } from '../../../src/k8s/apply.js';
import { KubeClusterClient } from '../../../src/k8s/cluster/cluster-client.js';
import { ClusterLoginError, ClusterRequestError, ClusterUnreachableError } from '../../../src/k8s/cluster/cluster-errors.js';
import { loadKubeconfig } from '../../../src/k8s/cluster/kubeconfig.js';
import { deleteSetNamespace } from '../../../src/k8s/delete-namespace.js';
import { collectGarbage } from '../../../src/k8s/gc.js';
import { plain } from '../../../src/k8s/kube-object.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import { readClusterStatus } from '../../../src/k8s/cluster-status.js';
import { readManifestInputs } from '../../../src/k8s/manifest-inputs.js';
import { FIXED, FIXTURES, loadExample, projectFromYaml } from './k8s-fixtures.js';
import { kubeconfigFor, startRecordedApi, type Exchange, type RecordedApi } from './recorded-api.js';

const recorded = (name: string): Exchange[] => (JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { exchanges: Exchange[] }).exchanges;

let api: RecordedApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function clientFor(exchanges: Exchange[], user?: Record<string, unknown>) {
  api = await startRecordedApi(exchanges);
  const dir = await mkdtemp(join(tmpdir(), 'testbed-kube-'));
  await writeFile(join(dir, 'config'), kubeconfigFor(api.url, user));
  return await KubeClusterClient.connect(await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } }));
}

async function quickstart() {
  const project = await loadExample('quickstart');
  return { project, keys: await readManifestInputs(project) };
}

describe('testbed k8s apply', () => {
  it('sends every object with server-side apply: PATCH, application/apply-patch+yaml, fieldManager=testbed, force', async () => {
    const client = await clientFor(recorded('api-apply-first.json'));
    const { project, keys } = await quickstart();
    const result = await applyManifests(client, project, { set: 'demo', ...FIXED }, keys);

    expect(api!.unexpected).toEqual([]);
    expect(api!.unplayed()).toEqual([]);
    const patches = api!.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([
      '/api/v1/namespaces/quickstart-demo',
      '/api/v1/namespaces/quickstart-demo/secrets/secret-db-password',
      '/api/v1/namespaces/quickstart-demo/services/app',
      '/api/v1/namespaces/quickstart-demo/services/db',
      '/api/v1/namespaces/quickstart-demo/services/web',
      '/apis/apps/v1/namespaces/quickstart-demo/statefulsets/db',
      '/apis/apps/v1/namespaces/quickstart-demo/deployments/app',
      '/apis/apps/v1/namespaces/quickstart-demo/deployments/web',
    ]);
    for (const r of patches) {
      expect(r.headers['content-type']).toBe('application/apply-patch+yaml');
      expect(r.query).toEqual({ fieldManager: 'testbed', force: 'true' });
      expect(r.headers.authorization).toBe('Bearer recorded-token');
    }
    // The body is the rendered object itself.
    const sent = patches.map((r) => JSON.parse(r.body) as { kind: string; metadata: { name: string } });
    expect(sent).toEqual(result.rendered.objects.map(plain));
    expect(result.applied).toHaveLength(8);
    expect(result.pruned).toEqual([]);
  });

  it('keeps the generated password the cluster has, keeps the creation time, and deletes what the file no longer has', async () => {
    const client = await clientFor(recorded('api-apply-again.json'));
    const { project, keys } = await quickstart();
    const result = await applyManifests(client, project, { set: 'demo', ...FIXED }, keys);

    expect(api!.unexpected).toEqual([]);
    expect(api!.unplayed()).toEqual([]);
    const secretLists = api!.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/secrets'));
    expect(secretLists.slice(0, 2).map((r) => r.query.labelSelector)).toEqual([
      'dev.testbed.set=demo,dev.testbed.secret-source=generate',
      'dev.testbed.set=demo,dev.testbed.secret-source=derive',
    ]);
    const secret = JSON.parse(api!.requests.find((r) => r.path.endsWith('/secrets/secret-db-password'))!.body) as { data: { value: string } };
    expect(Buffer.from(secret.data.value, 'base64').toString()).toBe('kept-password-from-cluster');
    const ns = JSON.parse(api!.requests.find((r) => r.method === 'PATCH' && r.path === '/api/v1/namespaces/quickstart-demo')!.body) as { metadata: { labels: Record<string, string> } };
    expect(ns.metadata.labels['dev.testbed.created-at']).toBe('1766224800');
    const deleted = api!.requests.filter((r) => r.method === 'DELETE');
    expect(deleted.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/apis/apps/v1/namespaces/quickstart-demo/deployments/worker', { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' }],
    ]);
    expect(result.pruned).toEqual(['Deployment/worker']);
  });

  it('starts a service with after_jobs only once those jobs succeeded', async () => {
    const project = await projectFromYaml(`
name: shop
services:
  db: { image: postgres:16, expose: ["5432"] }
  api: { image: shop/api:1, expose: ["8080"], x-testbed: { after_jobs: [migrate] } }
x-testbed:
  jobs:
    migrate: { run: api, command: [migrate, up], depends_on: [db], once: true }
`);
    const keys = await readManifestInputs(project);
    const ns = '/api/v1/namespaces/shop-pr-7';
    const done = (name: string) => ({ kind: 'Job', apiVersion: 'batch/v1', metadata: { name }, status: { conditions: [{ type: 'Complete', status: 'True' }] } });
    const preview = await renderManifests(project, { set: 'pr-7', ...FIXED }, keys);
    const job = preview.jobOrder[0]!;
    const client = await clientFor([
      { method: 'GET', path: ns, status: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } },
      ...['', '/services/api', '/services/db'].map((p) => ({ method: 'PATCH', path: `${ns}${p}`, status: 201, body: 'applied' })),
      { method: 'PATCH', path: '/apis/apps/v1/namespaces/shop-pr-7/deployments/db', status: 201, body: 'applied' },
      { method: 'PATCH', path: `/apis/batch/v1/namespaces/shop-pr-7/jobs/${job}`, status: 201, body: 'applied' },
      { method: 'GET', path: `/apis/batch/v1/namespaces/shop-pr-7/jobs/${job}`, status: 200, body: done(job) },
      { method: 'PATCH', path: '/apis/apps/v1/namespaces/shop-pr-7/deployments/api', status: 201, body: 'applied' },
    ]);
    const result = await applyManifests(client, project, { set: 'pr-7', ...FIXED }, keys);
    expect(api!.unexpected).toEqual([]);
    expect(result.applied.slice(-2)).toEqual([`Job/${job}`, 'Deployment/api']);
    expect(result.jobs).toEqual([{ name: job, outcome: 'succeeded' }]);
  });

  it('refuses a namespace of the same name that another project owns, and sends nothing', async () => {
    const foreign = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'quickstart-demo', labels: { 'kubernetes.io/metadata.name': 'quickstart-demo' } } };
    const client = await clientFor([{ method: 'GET', path: '/api/v1/namespaces/quickstart-demo', status: 200, body: foreign }]);
    const { project, keys } = await quickstart();
    await expect(applyManifests(client, project, { set: 'demo', ...FIXED }, keys)).rejects.toThrow(UsageError);
    expect(api!.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('says what the API server refused, with its message', async () => {
    const forbidden = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'namespaces "quickstart-demo" is forbidden: User "ci" cannot get resource "namespaces" in API group "" in the namespace "quickstart-demo"',
    };
    const client = await clientFor([{ method: 'GET', path: '/api/v1/namespaces/quickstart-demo', status: 403, body: forbidden }]);
    const { project, keys } = await quickstart();
    const err = await applyManifests(client, project, { set: 'demo', ...FIXED }, keys).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterRequestError);
    expect((err as ClusterRequestError).message).toContain('User "ci" cannot get resource "namespaces"');
    expect((err as ClusterRequestError).hint).toContain('kubectl auth can-i');
  });

  it('says when no API server answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-kube-'));
    await writeFile(join(dir, 'config'), kubeconfigFor('http://127.0.0.1:9'));
    const client = await KubeClusterClient.connect(await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } }));
    const { project, keys } = await quickstart();
    await expect(applyManifests(client, project, { set: 'demo', ...FIXED }, keys)).rejects.toThrow(ClusterUnreachableError);
  });

  it('logs in with the token an exec credential plugin prints (as aws eks get-token does)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-plugin-'));
    const plugin = join(dir, 'plugin.mjs');
    await writeFile(
      plugin,
      `const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
       process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: 'from-plugin-' + process.env.CLUSTER_NAME } }));`,
    );
    const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], env: [{ name: 'CLUSTER_NAME', value: 'eks-1' }] } };
    const client = await clientFor([{ method: 'GET', path: '/api/v1/namespaces/quickstart-demo', status: 200, body: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'quickstart-demo' } } }], user);
    await client.get((await import('../../../src/k8s/kube-kinds.js')).kindInfo('v1', 'Namespace'), 'quickstart-demo');
    expect(api!.requests[0]!.headers.authorization).toBe('Bearer from-plugin-eks-1');
  });
  it('says when the exec credential plugin fails, with what it printed, and sends nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-plugin-'));
    const plugin = join(dir, 'plugin.mjs');
    await writeFile(plugin, `process.stderr.write('the SSO session has expired'); process.exit(1);`);
    const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin] } };
    const client = await clientFor([], user);
    const err = await client.get((await import('../../../src/k8s/kube-kinds.js')).kindInfo('v1', 'Namespace'), 'quickstart-demo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterLoginError);
    expect(err).toMatchObject({ code: 'CLUSTER_UNREACHABLE', message: expect.stringContaining('the SSO session has expired') });
    expect(api!.requests).toEqual([]);
  });
});

describe('testbed k8s status, destroy and gc', () => {
  it('shows each service\'s workload and pods as the cluster reports them', async () => {
    const client = await clientFor(recorded('api-status.json'));
    const status = await readClusterStatus(client, 'quickstart-demo', 'quickstart', 'demo');
    expect(api!.unexpected).toEqual([]);
    expect(status.services.map((s) => [s.service, s.kind, `${s.ready}/${s.replicas}`, s.pods.map((p) => `${p.state}:${p.restarts}`).join(' ')])).toEqual([
      ['app', 'Deployment', '1/1', 'Ready:1'],
      ['db', 'StatefulSet', '1/1', 'Ready:0'],
      ['web', 'Deployment', '0/1', 'ImagePullBackOff:0'],
    ]);
    expect(api!.requests.filter((r) => r.path.endsWith('/pods')).map((r) => r.query.labelSelector)).toEqual(['dev.testbed.set=demo']);
  });

  it('destroys a set by deleting its namespace, after checking that it is the set\'s', async () => {
    const ns = recorded('api-status.json')[0]!;
    const client = await clientFor([ns, { method: 'DELETE', path: '/api/v1/namespaces/quickstart-demo', status: 200, body: ns.body }]);
    await deleteSetNamespace(client, 'quickstart-demo', 'quickstart', 'demo');
    expect(api!.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/namespaces/quickstart-demo', 'DELETE /api/v1/namespaces/quickstart-demo']);
  });

  it('collects sets that are stale or whose branch is gone, and keeps the rest', async () => {
    const client = await clientFor(recorded('api-gc.json'));
    const result = await collectGarbage(client, {
      olderThanMs: 7 * 86_400_000,
      branches: new Set(['main', 'feature-old']),
      project: 'quickstart',
      now: new Date('2026-01-02T00:00:00Z'),
    });
    expect(api!.requests[0]!.query.labelSelector).toBe('dev.testbed.managed=true,dev.testbed.project=quickstart');
    expect(result.map((g) => [g.namespace, g.reason ?? 'kept', g.removed])).toEqual([
      ['quickstart-feature-gone', 'branch feature-gone is gone', true],
      ['quickstart-feature-old', 'not applied for 32d', true],
      ['quickstart-main', 'kept', false],
    ]);
    expect(api!.unplayed()).toEqual([]);
  });

  it('only lists with --dry-run', async () => {
    const client = await clientFor(recorded('api-gc.json'));
    const result = await collectGarbage(client, { olderThanMs: 7 * 86_400_000, dryRun: true, now: new Date('2026-01-02T00:00:00Z') });
    expect(result.filter((g) => g.reason).map((g) => g.namespace)).toEqual(['quickstart-feature-old']);
    expect(api!.requests.map((r) => r.method)).toEqual(['GET']);
  });
});
