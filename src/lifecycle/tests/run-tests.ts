/**
 * Runs a set's tests: each after the tests and jobs it needs, independent ones in parallel up to
 * a limit; a test whose need failed is skipped. Every result is stored under the set's folder
 * as soon as it is known, and the run's report when all are done.
 */
import { join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { EngineUnreachableError, InterruptedError, NotFoundError } from '../../common/errors.js';
import { loadTests, type TestDefinition, type TestSuite } from '../../model/testbed-tests.js';
import { requireProject, type SetContext } from '../set-context.js';
import { findSetResources } from '../set-resources.js';
import { makeRunFolder, runIdFor, writeRunReport, writeTestResult } from './results-store.js';
import { runTest } from './run-test.js';
import { checkJobNeeds, selectTests } from '../../set-config/test-selection.js';
import { ignoreTestEvents, type TestEventSink } from './test-events.js';
import { emptyResult, summarize, type TestResult, type TestRunReport } from './test-result.js';

export const DEFAULT_TEST_CONCURRENCY = 4;

export interface RunTestsOptions {
  /** Tests to run (with what they need); default: all. */
  names?: string[];
  /** Tests running at once; default 4. */
  concurrency?: number;
  /** A limiter shared with other runs (comparing sets); overrides concurrency. */
  limit?: LimitFunction;
  /** Renders Liquid ({{ values.x }}, {{ secrets.y }}...) in environment values and command strings; `name` says which, for errors. */
  render?: (text: string, name?: string) => Promise<string>;
  /** Runs a job that a test needs; rejects when the job fails. Without it, needing a job is a ConfigError. */
  runJob?: (name: string, signal?: AbortSignal) => Promise<unknown>;
  /** The tests, when already loaded. */
  suite?: TestSuite;
  /** The run's folder name (a timestamp); given when several sets run together. */
  runId?: string;
  events?: TestEventSink;
  signal?: AbortSignal;
  clock?: () => Date;
}

export async function runTests(ctx: SetContext, options: RunTestsOptions = {}): Promise<TestRunReport> {
  const project = requireProject(ctx, 'test');
  const suite = options.suite ?? (await loadTests(project));
  const tests = selectTests(suite, options.names);
  checkJobNeeds(tests, options.runJob !== undefined);
  const { containers } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  if (containers.length === 0) {
    throw new NotFoundError('SET_NOT_FOUND', `set ${ctx.set} of project ${ctx.projectName} has no containers to test`, {
      hint: `Bring it up first: testbed up ${ctx.set}`,
    });
  }

  const clock = options.clock ?? (() => new Date());
  const events = options.events ?? ignoreTestEvents;
  const started = clock();
  const run = await makeRunFolder(ctx.folder, options.runId ?? runIdFor(started));
  const limit = options.limit ?? pLimit(Math.max(1, options.concurrency ?? DEFAULT_TEST_CONCURRENCY));
  const byName = new Map(tests.map((t) => [t.name, t]));
  const scheduled = new Map<string, Promise<TestResult>>();
  const jobs = new Map<string, Promise<string | undefined>>();
  let fatal: Error | undefined;

  const jobBlocker = (name: string): Promise<string | undefined> => {
    let pending = jobs.get(name);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => options.runJob!(name, options.signal))
        .then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof InterruptedError || err instanceof EngineUnreachableError) fatal ??= err;
          return `needs job ${name}, which failed: ${(err as Error).message.split('\n')[0]}`;
        },
      );
      jobs.set(name, pending);
    }
    return pending;
  };

  const schedule = (test: TestDefinition): Promise<TestResult> => {
    let pending = scheduled.get(test.name);
    if (pending) return pending;
    pending = (async () => {
      if (test.inactiveServices?.length) {
        const names = test.inactiveServices.join(', ');
        return skip(ctx, test, join(run.path, test.name), `service ${names} is behind a profile that is not enabled (--profile)`, events);
      }
      const blockers = await Promise.all(
        test.needs.map(async (need) => {
          if (need.kind === 'job') return jobBlocker(need.name);
          const result = await schedule(byName.get(need.name)!);
          return result.outcome === 'passed' ? undefined : `needs ${need.name}, which ${result.outcome === 'skipped' ? 'was skipped' : 'failed'}`;
        }),
      );
      const reason = blockers.filter((b): b is string => b !== undefined).join('; ');
      if (reason) return skip(ctx, test, join(run.path, test.name), reason, events);
      return limit(async () => {
        if (fatal || options.signal?.aborted) return skip(ctx, test, join(run.path, test.name), 'the run was stopped', events);
        events({ kind: 'started', set: ctx.set, test: test.name });
        try {
          const result = await runTest(ctx, test, {
            folder: join(run.path, test.name),
            ...(options.render ? { render: options.render } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            clock,
          });
          events({ kind: 'finished', set: ctx.set, test: test.name, result });
          return result;
        } catch (err) {
          if (!(err instanceof InterruptedError || err instanceof EngineUnreachableError)) throw err;
          fatal ??= err;
          return skip(ctx, test, join(run.path, test.name), `stopped: ${err.message}`, events);
        }
      });
    })();
    scheduled.set(test.name, pending);
    return pending;
  };

  const results = await Promise.all(tests.map(schedule));
  const finished = clock();
  const report: TestRunReport = {
    project: ctx.projectName,
    set: ctx.set,
    runId: run.runId,
    folder: run.path,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    summary: summarize(results),
    results,
  };
  await writeRunReport(report);
  if (fatal) throw fatal;
  return report;
}

async function skip(ctx: SetContext, test: TestDefinition, folder: string, reason: string, events: TestEventSink): Promise<TestResult> {
  const result: TestResult = { ...emptyResult(test.name, ctx.set, folder, 'skipped'), skipReason: reason };
  await writeTestResult(result);
  events({ kind: 'finished', set: ctx.set, test: test.name, result });
  return result;
}
