/** `testbed k8s test`: each test's Job run in the cluster, then its exit code and log checked. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClusterClient } from '../../../src/k8s/cluster/cluster-client.js';
import { loadKubeconfig } from '../../../src/k8s/cluster/kubeconfig.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import { judge, runTestsInCluster } from '../../../src/k8s/cluster-tests.js';
import { HTTP_EXIT_MARK } from '../../../src/k8s/test-jobs.js';
import type { TestDefinition } from '../../../src/k8s/manifest-inputs.js';
import { FIXED, projectFromYaml } from './k8s-fixtures.js';
import { kubeconfigFor, startRecordedApi, type RecordedApi } from './recorded-api.js';

const none = { contains: [], notContains: [], matches: [] };
const base: TestDefinition = { name: 't', expect: { exitCode: 0, files: [] }, needs: [], timeoutMs: 60_000 };

describe('judging a finished test', () => {
  it('checks an http answer\'s status and body', () => {
    const http: TestDefinition = { ...base, http: { service: 'web', replica: 1, port: 80, path: '/', method: 'GET', headers: {}, status: 200, body: { ...none, contains: ['Welcome'] } } };
    const log = (status: string, body: string) => `Connecting to web:80 (10.0.0.7:80)\n  HTTP/1.1 ${status}\n  Server: nginx\n${body}\n${HTTP_EXIT_MARK}0`;
    expect(judge(http, 0, log('200 OK', '<h1>Welcome</h1>'))).toBeUndefined();
    expect(judge(http, 0, log('404 Not Found', ''))).toBe('HTTP status 404, expected 200');
    expect(judge(http, 0, log('200 OK', 'Hello'))).toBe('the body does not contain "Welcome"');
    expect(judge(http, 0, `wget: bad address 'web:80'\n${HTTP_EXIT_MARK}1`)).toBe('no HTTP answer from web:80/ (wget exit 1)');
  });

  it('checks a command\'s exit code and output', () => {
    const cmd: TestDefinition = { ...base, expect: { exitCode: 3, stdout: { contains: ['42'], notContains: ['ERROR'], matches: ['^rows: \\d+$'] }, files: [] } };
    expect(judge(cmd, 3, 'rows: 42')).toBeUndefined();
    expect(judge(cmd, 0, 'rows: 42')).toBe('exit code 0, expected 3');
    expect(judge(cmd, 3, 'rows: 42\nERROR')).toBe('the output contains "ERROR", which it must not');
  });
});

describe('running the tests in the cluster', () => {
  let api: RecordedApi | undefined;
  afterEach(() => api?.close());

  it('applies each test\'s Job, waits for it, reads its pod\'s log, and checks it', async () => {
    const project = await projectFromYaml(`
name: shop
services:
  web: { image: nginx:1.27, ports: ["8080:80"] }
x-testbed:
  tests:
    front: { http: { service: web, port: 80, path: /, status: 200, body: Welcome } }
    after: { image: alpine:3.20, command: [sh, -c, "echo done"], expect: { stdout: { contains: nope } }, needs: [front] }
`);
    const rendered = await renderManifests(project, { set: 'pr-1', ...FIXED, tests: { runId: 'r1' } });
    const ns = '/apis/batch/v1/namespaces/shop-pr-1/jobs';
    const job = (name: string) => ({ kind: 'Job', apiVersion: 'batch/v1', metadata: { name }, status: { conditions: [{ type: 'Complete', status: 'True' }] } });
    const pod = (name: string, exitCode: number) => ({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name }, status: { containerStatuses: [{ state: { terminated: { exitCode } } }] } }] });
    api = await startRecordedApi([
      { method: 'PATCH', path: `${ns}/test-front-r1`, status: 201, body: 'applied' },
      { method: 'GET', path: `${ns}/test-front-r1`, status: 200, body: job('test-front-r1') },
      { method: 'GET', path: '/api/v1/namespaces/shop-pr-1/pods', status: 200, body: pod('test-front-r1-abcde', 0) },
      { method: 'GET', path: '/api/v1/namespaces/shop-pr-1/pods/test-front-r1-abcde/log', status: 200, body: `HTTP/1.1 200 OK\nWelcome to nginx\n${HTTP_EXIT_MARK}0` },
      { method: 'PATCH', path: `${ns}/test-after-r1`, status: 201, body: 'applied' },
      { method: 'GET', path: `${ns}/test-after-r1`, status: 200, body: job('test-after-r1') },
      { method: 'GET', path: '/api/v1/namespaces/shop-pr-1/pods', status: 200, body: pod('test-after-r1-fghij', 0) },
      { method: 'GET', path: '/api/v1/namespaces/shop-pr-1/pods/test-after-r1-fghij/log', status: 200, body: 'done\n' },
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'testbed-kube-'));
    await writeFile(join(dir, 'config'), kubeconfigFor(api.url));
    const client = await KubeClusterClient.connect(await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } }));
    const results = await runTestsInCluster(client, rendered, { sleep: async () => {} });
    expect(results.map((r) => [r.name, r.passed, r.reason])).toEqual([
      ['front', true, undefined],
      ['after', false, 'the output does not contain "nope"'],
    ]);
    expect(api.unexpected).toEqual([]);
    expect(api.requests.filter((r) => r.path.endsWith('/pods')).map((r) => r.query.labelSelector)).toEqual(['batch.kubernetes.io/job-name=test-front-r1', 'batch.kubernetes.io/job-name=test-after-r1']);
  });
});
