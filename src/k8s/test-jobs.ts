/**
 * x-testbed tests as Jobs, one per test and run. A command test runs its command (in the
 * service, or in a new pod); an http test runs a request (busybox wget) against the service's
 * Service, from inside the namespace. The Job only runs it: cluster-tests.ts reads the exit code
 * and the log and checks the expectations.
 */
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigError } from '../common/errors.js';
import type { Secret } from 'kubernetes-models/v1/Secret';
import { seconds } from './whole-seconds.js';
import { K8S_LABEL } from './k8s-labels.js';
import { dnsLabel, labelValue, objectName, serviceName } from './object-names.js';
import type { ManifestContext } from './manifest-context.js';
import { runPod, type RunInput } from './run-pod.js';
import type { TestDefinition } from '../model/testbed-tests.js';
import { testsInNeedOrder } from '../set-config/test-selection.js';

export interface TestJob {
  test: TestDefinition;
  jobName: string;
  /** The Secret of its values that used secrets (applied with the Job when it exists). */
  secretName: string;
  /** Why the test cannot run in a cluster (it is reported as failed, with this). */
  unsupported?: string;
  /** Why the test is not run at all (a service it uses is behind a profile). */
  skipped?: string;
}

export interface TestJobs {
  objects: (Job | Secret)[];
  /** In the order they run (a test after the tests it needs). */
  tests: TestJob[];
  exec: boolean;
}

/** Marks the end of an http test's output, with wget's exit code. */
export const HTTP_EXIT_MARK = 'testbed-wget-exit:';

function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function runInput(test: TestDefinition, ctx: ManifestContext, where: string, secretName: string): RunInput | string {
  const base = { where, secretName, dependsOn: [] as string[], mounts: [] as unknown[], environment: {}, timeoutMs: test.timeoutMs };
  if (test.http) {
    const http = test.http;
    if (http.method.toUpperCase() !== 'GET') return `method ${http.method}: the cluster check (busybox wget) sends GET only`;
    const headers = Object.entries(http.headers).map(([k, v]) => `--header ${shellWord(`${k}: ${v}`)} `).join('');
    const url = `http://${serviceName(http.service)}:${http.port}${http.path}`;
    return {
      ...base,
      target: { kind: 'image', image: ctx.options.waitImage },
      command: ['/bin/sh', '-c', `wget -S -T 10 ${headers}-O - ${shellWord(url)} 2>&1; echo; echo "${HTTP_EXIT_MARK}$?"`],
      dependsOn: [http.service],
    };
  }
  const spec = test.command!;
  const input: RunInput = { ...base, target: spec.target, environment: spec.environment, mounts: spec.mounts };
  if (spec.command !== undefined) input.command = spec.command;
  if (spec.user) input.user = spec.user;
  if (spec.workingDir) input.workingDir = spec.workingDir;
  return input;
}

export async function renderTestJobs(ctx: ManifestContext, runId: string): Promise<TestJobs> {
  const out: TestJobs = { objects: [], tests: [], exec: false };
  for (const test of testsInNeedOrder(ctx.inputs.tests)) {
    const where = `x-testbed.tests.${test.name}`;
    if (test.expect.files.length > 0) ctx.warnings.add(`${where}.expect.files`, 'files cannot be collected from a cluster pod; not checked on Kubernetes');
    if (test.expect.stderr) ctx.warnings.add(`${where}.expect.stderr`, 'a pod log mixes stdout and stderr; stderr expectations are not checked on Kubernetes');
    const jobName = objectName.test(test.name, runId);
    const secretName = dnsLabel(`${jobName}-env`);
    if (test.inactiveServices?.length) {
      out.tests.push({ test, jobName, secretName, skipped: `uses ${test.inactiveServices.join(', ')}, which a profile that is not enabled leaves out` });
      continue;
    }
    const input = runInput(test, ctx, where, secretName);
    if (typeof input === 'string') {
      ctx.warnings.add(where, `${input}; the test is reported as failed on Kubernetes`);
      out.tests.push({ test, jobName, secretName, unsupported: input });
      continue;
    }
    // One test whose template cannot be rendered (it names a service a profile leaves out, say)
    // fails alone, as on Docker, instead of the whole render.
    const pod = await runPod(input, ctx).catch((err: unknown) => {
      if (!(err instanceof ConfigError)) throw err;
      return err.message;
    });
    if (typeof pod === 'string') {
      ctx.warnings.add(where, `cannot be rendered (${pod}); the test is reported as failed`);
      out.tests.push({ test, jobName, secretName, unsupported: pod });
      continue;
    }
    if (pod.secret) out.objects.push(pod.secret);
    if (pod.exec) out.exec = true;
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
    out.tests.push({ test, jobName, secretName });
  }
  return out;
}
