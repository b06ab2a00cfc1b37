/**
 * Runs a set's x-testbed tests in the cluster: each test's Job in order (a test after those it
 * needs), then checks the exit code and the pod's log against the test's expectations.
 */
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { waitForJob, type Waiting } from './job-wait.js';
import { kindInfo } from './kube-kinds.js';
import { plain } from './kube-object.js';
import type { RenderedSet } from './render.js';
import type { TestKeys, TextExpectation } from './testbed-keys.js';
import { HTTP_EXIT_MARK } from './tests.js';

export interface TestResult {
  name: string;
  job: string;
  passed: boolean;
  /** What failed, in a sentence. */
  reason?: string;
  exitCode?: number;
  output: string;
}

function checkText(text: string, expect: TextExpectation | undefined, what: string): string | undefined {
  if (!expect) return undefined;
  if (expect.contains !== undefined && !text.includes(expect.contains)) return `${what} does not contain ${JSON.stringify(expect.contains)}`;
  if (expect.notContains !== undefined && text.includes(expect.notContains)) return `${what} contains ${JSON.stringify(expect.notContains)}`;
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(text)) return `${what} does not match /${expect.matches}/`;
  return undefined;
}

/** Why a finished test failed, or undefined when it passed. */
export function judge(test: TestKeys, exitCode: number | undefined, log: string): string | undefined {
  if (test.http) {
    const statuses = [...log.matchAll(/HTTP\/\d(?:\.\d)? (\d{3})/g)].map((m) => Number(m[1]));
    const status = statuses.at(-1);
    if (status === undefined) return `no HTTP answer from ${test.http.service}:${test.http.port}${test.http.path}`;
    if (status !== test.http.status) return `HTTP status ${status}, expected ${test.http.status}`;
    const body = log.split(HTTP_EXIT_MARK)[0] ?? '';
    if (test.http.body !== undefined && !body.includes(test.http.body)) return `the body does not contain ${JSON.stringify(test.http.body)}`;
    return undefined;
  }
  if (exitCode !== test.expect.exitCode) return exitCode === undefined ? 'the container did not run to an exit code' : `exit code ${exitCode}, expected ${test.expect.exitCode}`;
  return checkText(log, test.expect.stdout, 'the output');
}

function exitCodeOf(pod: ListedObject | undefined): number | undefined {
  const statuses = ((pod?.status ?? {}) as { containerStatuses?: { state?: { terminated?: { exitCode?: number } } }[] }).containerStatuses ?? [];
  return statuses[0]?.state?.terminated?.exitCode;
}

export async function runTestsInCluster(
  client: ClusterClient,
  rendered: RenderedSet,
  waiting: Omit<Waiting, 'timeoutMs'> = {},
  only: string[] = [],
): Promise<TestResult[]> {
  const objects = rendered.objects.map(plain);
  const results: TestResult[] = [];
  const selected = only.length > 0 ? rendered.tests.filter((t) => only.includes(t.test.name)) : rendered.tests;
  for (const { test, jobName } of selected) {
    const failedNeed = test.needs.find((n) => results.some((r) => r.name === n && !r.passed));
    if (failedNeed) {
      results.push({ name: test.name, job: jobName, passed: false, reason: `not run: ${failedNeed} failed`, output: '' });
      continue;
    }
    for (const object of objects.filter((o) => o.metadata.name === jobName || o.metadata.name === `${jobName}-env`)) await client.apply(object);
    await waitForJob(client, rendered.namespace, jobName, { ...waiting, timeoutMs: test.timeoutMs + 60_000 });
    const pods = await client.list(kindInfo('v1', 'Pod'), rendered.namespace, `batch.kubernetes.io/job-name=${jobName}`);
    const pod = pods.at(-1);
    const output = pod ? await client.podLog(rendered.namespace, pod.metadata.name).catch(() => '') : '';
    const exitCode = exitCodeOf(pod);
    const reason = judge(test, exitCode, output);
    const result: TestResult = { name: test.name, job: jobName, passed: reason === undefined, output };
    if (reason) result.reason = reason;
    if (exitCode !== undefined) result.exitCode = exitCode;
    results.push(result);
  }
  return results;
}
