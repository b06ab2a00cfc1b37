/**
 * One test on one set: run its command (exec or new container), check the exit code and the
 * output, make its HTTP check, collect the files it expects, and store it all in its folder.
 * An unmet expectation or an error of this test alone (its service is not running) fails the
 * test; an interrupt or a lost engine is thrown, to stop the whole run.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineUnreachableError, InterruptedError, isTestbedError } from '../../common/errors.js';
import type { Engine } from '../../engine/engine.js';
import type { FileExpectation, TestDefinition } from '../../model/testbed-tests.js';
import { plainRun, renderRun } from '../../set-config/run-commands.js';
import { runCommand, type CommandRunResult } from '../command-run.js';
import { findReplica } from '../exec.js';
import type { SetContext } from '../set-context.js';
import { collectArtifact } from './artifacts.js';
import { checkExit, checkText } from '../../set-config/test-expectations.js';
import { runHttpCheck } from './http-check.js';
import { writeTestResult } from './results-store.js';
import { emptyResult, type TestResult } from './test-result.js';

/** Output kept in memory per stream and test (the files hold all of it). */
const CAPTURE_BYTES = 256 * 1024;
/** Output may hold secrets: only the user reads it, as the rest of the set folder. */
const PRIVATE = { mode: 0o600 };

export interface RunTestInput {
  /** The test's result folder (made here). */
  folder: string;
  /** Renders Liquid in environment values and command strings, when templates are at hand. */
  render?: (text: string, name?: string) => Promise<string>;
  signal?: AbortSignal;
  clock?: () => Date;
}

export async function runTest(ctx: SetContext, test: TestDefinition, input: RunTestInput): Promise<TestResult> {
  const clock = input.clock ?? (() => new Date());
  await mkdir(input.folder, { recursive: true, mode: 0o700 });
  const started = clock();
  const result: TestResult = { ...emptyResult(test.name, ctx.set, input.folder, 'passed'), startedAt: started.toISOString() };
  try {
    if (test.command) await runTestCommand(ctx, test, input, result);
    else await Promise.all([writeFile(join(input.folder, 'stdout'), '', PRIVATE), writeFile(join(input.folder, 'stderr'), '', PRIVATE)]);
    if (test.http) {
      const http = await runHttpCheck(ctx, test.http, test.timeoutMs, input.signal);
      result.http = { method: http.method, url: http.url, ...(http.status === undefined ? {} : { status: http.status }), body: http.body };
      result.failures.push(...http.failures);
      await writeFile(join(input.folder, 'http-body'), http.body, PRIVATE);
    }
    for (const file of test.expect.files.filter((f) => f.service !== undefined)) {
      await collectFromService(ctx, file, result);
    }
  } catch (err) {
    if (err instanceof InterruptedError || err instanceof EngineUnreachableError) throw err;
    result.error = isTestbedError(err) ? { code: err.code, message: err.message } : { code: 'ERROR', message: (err as Error).message };
  }
  result.artifacts.sort();
  const finished = clock();
  result.finishedAt = finished.toISOString();
  result.durationMs = finished.getTime() - started.getTime();
  result.outcome = result.failures.length === 0 && !result.error ? 'passed' : 'failed';
  await writeTestResult(result);
  return result;
}

async function runTestCommand(ctx: SetContext, test: TestDefinition, input: RunTestInput, result: TestResult): Promise<void> {
  const spec = test.command!;
  const render = input.render ?? (async (text: string) => text);
  const { command, environment: env } = plainRun(
    await renderRun(spec, `tests.${test.name}`, async (source) => ({ text: await render(source.text, source.name), usesSecrets: false })),
  );
  const target = spec.target;
  result.ranIn = target.kind === 'exec' ? `exec ${target.service}-${target.replica ?? 1}` : target.kind === 'run' ? `run ${target.service}` : `image ${target.image}`;
  if (command) result.command = command;

  // Files without a service are in the test's own container: taken before a new one is removed.
  const own = test.expect.files.filter((f) => f.service === undefined);
  const owner = target.kind === 'exec' ? target.service : 'test';
  const ownFailures: string[] = [];
  const run: CommandRunResult = await runCommand(ctx, {
    where: target,
    ...(command ? { command } : {}),
    env,
    ...(spec.user ? { user: spec.user } : {}),
    ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
    mounts: spec.mounts,
    timeoutMs: test.timeoutMs,
    purpose: `test/${test.name}`,
    stdoutFile: join(input.folder, 'stdout'),
    stderrFile: join(input.folder, 'stderr'),
    maxCaptureBytes: CAPTURE_BYTES,
    ...(own.length
      ? {
          afterRun: async (engine: Engine, containerId: string) => {
            for (const file of own) {
              const shownAs = target.kind === 'exec' ? `service ${target.service}` : "the test's container";
              const got = await collectArtifact(engine, containerId, file.path, input.folder, owner, shownAs);
              result.artifacts.push(...got.files);
              ownFailures.push(...got.failures);
            }
          },
        }
      : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  result.stdout = run.stdout;
  result.stderr = run.stderr;
  result.outputTruncated = run.truncated;
  result.timedOut = run.timedOut;
  if (run.exitCode !== undefined) result.exitCode = run.exitCode;
  result.failures.push(
    ...checkExit(test.expect.exitCode, run.exitCode, run.timedOut, test.timeoutMs),
    ...checkText('stdout', run.stdout, test.expect.stdout),
    ...checkText('stderr', run.stderr, test.expect.stderr),
    ...ownFailures,
  );
}

async function collectFromService(ctx: SetContext, file: FileExpectation, result: TestResult): Promise<void> {
  const replica = await findReplica(ctx, file.service!, file.replica);
  const got = await collectArtifact(ctx.engine, replica.id, file.path, result.folder, file.service!, `service ${file.service}`);
  result.artifacts.push(...got.files);
  result.failures.push(...got.failures);
}
