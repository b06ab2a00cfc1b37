/**
 * x-testbed tests as Jobs, one per test and run. A command test runs its command; an http test
 * runs a small request (busybox wget) against the service's Service. The Job only runs it: the
 * runner (test-runner.ts) reads the exit code and the log and checks the expectations.
 */
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { Secret } from 'kubernetes-models/v1/Secret';
import { seconds } from './duration.js';
import { K8S_LABEL } from './k8s-labels.js';
import { dnsLabel, labelValue, objectName, serviceName } from './object-names.js';
import type { RenderContext } from './render-context.js';
import { runPod } from './run-pod.js';
import type { TestKeys } from './testbed-keys.js';

export interface RenderedTest {
  test: TestKeys;
  jobName: string;
}

export interface RenderedTests {
  objects: (Job | Secret)[];
  /** In the order they run (a test after the tests it needs). */
  tests: RenderedTest[];
}

/** Marks the end of an http test's output, with wget's exit code. */
export const HTTP_EXIT_MARK = 'testbed-wget-exit:';

function testOrder(tests: TestKeys[]): TestKeys[] {
  const byName = new Map(tests.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TestKeys[] = [];
  const visit = (t: TestKeys, path: string[]) => {
    if (done.has(t.name) || path.includes(t.name)) return;
    for (const n of t.needs) {
      const dep = byName.get(n);
      if (dep) visit(dep, [...path, t.name]);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tests) visit(t, []);
  return out;
}

export function renderTests(ctx: RenderContext, runId: string): RenderedTests {
  const out: RenderedTests = { objects: [], tests: [] };
  for (const test of testOrder(ctx.keys.tests)) {
    const where = `x-testbed.tests.${test.name}`;
    if (test.expect.files.length > 0) ctx.warnings.add(`${where}.expect.files`, 'files cannot be collected from a cluster pod; not checked on Kubernetes');
    if (test.expect.stderr) ctx.warnings.add(`${where}.expect.stderr`, 'a pod log mixes stdout and stderr; stderr expectations are not checked on Kubernetes');
    const jobName = objectName.test(test.name, runId);
    const run = test.http
      ? {
          target: { image: ctx.options.waitImage },
          command: [
            '/bin/sh',
            '-c',
            `wget -S -T 10 -O - 'http://${serviceName(test.http.service)}:${test.http.port}${test.http.path.replace(/'/g, '%27')}' 2>&1; echo; echo "${HTTP_EXIT_MARK}$?"`,
          ],
          dependsOn: [test.http.service],
        }
      : { target: test.target!, ...(test.command ? { command: test.command } : {}), dependsOn: [] as string[] };
    const pod = runPod({ ...run, where, secretName: dnsLabel(`${jobName}-env`), environment: test.environment, mounts: test.mounts }, ctx);
    if (pod.secret) out.objects.push(pod.secret);
    const labels = { ...ctx.labels, [K8S_LABEL.role]: 'test', [K8S_LABEL.testName]: labelValue(test.name) };
    out.objects.push(
      new Job({
        metadata: { name: jobName, namespace: ctx.options.namespace, labels },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: seconds(test.timeoutMs),
          ttlSecondsAfterFinished: 86_400,
          template: { metadata: { labels }, spec: pod.spec },
        },
      }),
    );
    out.tests.push({ test, jobName });
  }
  return out;
}
