/**
 * Runs a set's x-testbed tests in the cluster: each test's Job in order (a test after those it
 * needs), then checks the exit code and the pod's log against the test's expectations.
 */
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { waitForJob, type Waiting } from './job-wait.js';
import { kindInfo } from './kube-kinds.js';
import { plain } from './kube-object.js';
import type { RenderedManifests } from './manifests.js';
import { K8S_LABEL, labelSelectorText } from './k8s-labels.js';
import { jobOutcome } from './job-wait.js';
import { labelValue } from './object-names.js';
import type { TestDefinition } from '../model/testbed-tests.js';
import { checkText } from '../set-config/test-expectations.js';
import { HTTP_EXIT_MARK } from './test-jobs.js';

/** A test's outcome in a cluster (a Docker set's is lifecycle/tests/test-result.ts's TestResult). */
export interface ClusterTestResult {
  name: string;
  job: string;
  passed: boolean;
  /** Not run, as on Docker: a service it uses is behind a profile that is not enabled. */
  skipped?: boolean;
  /** What failed (or why it was skipped), in a sentence. */
  reason?: string;
  exitCode?: number;
  output: string;
}

/** Why a finished test failed, or undefined when it passed. */
export function judge(test: TestDefinition, exitCode: number | undefined, log: string): string | undefined {
  if (test.http) {
    const [response = '', mark] = log.split(HTTP_EXIT_MARK);
    const statuses = [...response.matchAll(/^\s*HTTP\/\d(?:\.\d)? (\d{3})/gm)].map((m) => Number(m[1]));
    const status = statuses.at(-1);
    if (status === undefined) return `no HTTP answer from ${test.http.service}:${test.http.port}${test.http.path}${mark ? ` (wget exit ${mark.trim()})` : ''}`;
    if (status !== test.http.status) return `HTTP status ${status}, expected ${test.http.status}`;
    return checkText('the body', response, test.http.body)[0];
  }
  if (exitCode !== test.expect.exitCode) return exitCode === undefined ? 'the container did not run to an exit code' : `exit code ${exitCode}, expected ${test.expect.exitCode}`;
  return checkText('the output', log, test.expect.stdout)[0];
}

function exitCodeOf(pod: ListedObject | undefined): number | undefined {
  const statuses = ((pod?.status ?? {}) as { containerStatuses?: { state?: { terminated?: { exitCode?: number } } }[] }).containerStatuses ?? [];
  return statuses[0]?.state?.terminated?.exitCode;
}

export async function runTestsInCluster(
  client: ClusterClient,
  rendered: RenderedManifests,
  waiting: Omit<Waiting, 'timeoutMs'> = {},
  only: string[] = [],
): Promise<ClusterTestResult[]> {
  const objects = rendered.objects.map(plain);
  const results: ClusterTestResult[] = [];
  const selected = only.length > 0 ? rendered.tests.filter((t) => only.includes(t.test.name)) : rendered.tests;
  for (const { test, jobName, secretName, unsupported, skipped } of selected) {
    if (skipped) {
      results.push({ name: test.name, job: jobName, passed: false, skipped: true, reason: skipped, output: '' });
      continue;
    }
    const failedNeed = await failedNeedOf(client, rendered, test, results);
    if (failedNeed || unsupported) {
      results.push({ name: test.name, job: jobName, passed: false, reason: unsupported ? `not run: ${unsupported}` : `not run: ${failedNeed}`, output: '' });
      continue;
    }
    for (const object of objects.filter((o) => (o.kind === 'Job' && o.metadata.name === jobName) || (o.kind === 'Secret' && o.metadata.name === secretName))) await client.apply(object);
    await waitForJob(client, rendered.namespace, jobName, { ...waiting, timeoutMs: test.timeoutMs + 60_000 });
    const pods = await client.list(kindInfo('v1', 'Pod'), rendered.namespace, `batch.kubernetes.io/job-name=${jobName}`);
    const pod = pods.at(-1);
    const output = pod ? await client.podLog(rendered.namespace, pod.metadata.name).catch(() => '') : '';
    const exitCode = exitCodeOf(pod);
    const reason = judge(test, exitCode, output);
    const result: ClusterTestResult = { name: test.name, job: jobName, passed: reason === undefined, output };
    if (reason) result.reason = reason;
    if (exitCode !== undefined) result.exitCode = exitCode;
    results.push(result);
  }
  return results;
}

/** A need that is not met: a test that failed (in this run), or a job that has not succeeded. */
async function failedNeedOf(client: ClusterClient, rendered: RenderedManifests, test: TestDefinition, results: ClusterTestResult[]): Promise<string | undefined> {
  for (const need of test.needs) {
    if (need.kind === 'test') {
      const result = results.find((r) => r.name === need.name);
      if (result && !result.passed) return `${need.name} failed`;
      continue;
    }
    const selector = labelSelectorText({ [K8S_LABEL.set]: labelValue(rendered.set), [K8S_LABEL.job]: labelValue(need.name) });
    const jobs = await client.list(kindInfo('batch/v1', 'Job'), rendered.namespace, selector);
    const current = rendered.jobNames[need.name];
    const job = jobs.find((j) => j.metadata.name === current) ?? jobs.at(-1);
    if (jobOutcome(job) !== 'succeeded') return `job ${need.name} has not succeeded in this set`;
  }
  return undefined;
}
