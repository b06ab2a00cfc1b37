/**
 * Runs one command for a set and reports what it did: by exec in a running service replica, or
 * in a new one-off container (a service's image and environment, or any image) on the set's
 * networks, where the set's DNS names resolve. Output is kept per stream (bounded in memory,
 * whole in files when asked); a timeout stops the command and says so; a one-off container is
 * always removed, also after a timeout, an error or an abort. Tests and jobs are built on it.
 */
import { randomBytes } from 'node:crypto';
import { InterruptedError, UsageError } from '../common/errors.js';
import { createLogger } from '../common/logger.js';
import { currentOwner, formatOwner } from '../common/process-owner.js';
import type { Engine, OutputSink } from '../engine/engine.js';
import { oneOffSpec } from '../plan/one-off-spec.js';
import type { Labels } from '../plan/specs.js';
import { throwIfAborted } from './abort.js';
import { findReplica } from './exec.js';
import { killMarkedProcesses, RUN_MARKER } from './exec-kill.js';
import { injectFileList } from './configure/inject-files.js';
import { ensureImage, oneOffBasis } from './one-off-basis.js';
import { DEFAULT_CAPTURE_BYTES, OutputCapture } from './output-capture.js';
import { Stopper } from './run-stopper.js';
import type { SetContext } from './set-context.js';

const log = createLogger('lifecycle:run');

/** After the container stops, how long its output may take to drain. */
const OUTPUT_DRAIN_MS = 5000;

export type CommandWhere =
  /** exec in a running replica of a service */
  | { kind: 'exec'; service: string; replica?: number }
  /** a new container from the service's image, with its environment */
  | { kind: 'run'; service: string }
  /** a new container from any image */
  | { kind: 'image'; image: string };

export interface BindMount {
  /** Absolute host path. */
  source: string;
  target: string;
  readOnly: boolean;
}

export interface CommandRunInput {
  where: CommandWhere;
  /** Undefined: the image's default command (new containers only). */
  command?: string[];
  env?: Record<string, string>;
  user?: string;
  workingDir?: string;
  /** New containers only. */
  mounts?: BindMount[];
  /** Stop the command after this long and report timedOut. */
  timeoutMs?: number;
  /** What it runs for, e.g. "test/db-rows": the one-off container's LABEL.run. */
  purpose?: string;
  /** Extra labels for a one-off container. */
  labels?: Labels;
  /** Files that receive the whole output. */
  stdoutFile?: string;
  stderrFile?: string;
  /** Bytes of each stream kept in memory (first and last halves); default 1 MiB. */
  maxCaptureBytes?: number;
  /** Live output, as it comes. */
  onOutput?: OutputSink;
  /** Called once the command ended, before a one-off container is removed (to copy files out of it). */
  afterRun?: (engine: Engine, containerId: string) => Promise<void>;
  signal?: AbortSignal;
}

export interface CommandRunResult {
  /** Undefined when the command was stopped and its exit code could not be known. */
  exitCode?: number;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  /** Some output is only in the files (it was past maxCaptureBytes). */
  truncated: boolean;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** The replica's container name, or the one-off container's (removed by now). */
  container: string;
}

interface Outcome {
  exitCode?: number;
  timedOut: boolean;
  container: string;
}

type Sink = OutputSink;

export async function runCommand(ctx: SetContext, input: CommandRunInput): Promise<CommandRunResult> {
  throwIfAborted(input.signal);
  const max = input.maxCaptureBytes ?? DEFAULT_CAPTURE_BYTES;
  const captured = { stdout: new OutputCapture(max), stderr: new OutputCapture(max) };
  if (input.stdoutFile) await captured.stdout.toFile(input.stdoutFile);
  if (input.stderrFile) await captured.stderr.toFile(input.stderrFile);
  const sink: Sink = (stream, chunk) => {
    captured[stream].push(chunk);
    input.onOutput?.(stream, chunk);
  };
  const runId = randomBytes(5).toString('hex');
  const startedAt = new Date();
  let outcome: Outcome;
  try {
    outcome =
      input.where.kind === 'exec'
        ? await execCommand(ctx, input.where, input, runId, sink)
        : await runOneOff(ctx, input.where, input, runId, sink);
  } finally {
    await Promise.all([captured.stdout.close(), captured.stderr.close()]);
  }
  const finishedAt = new Date();
  return {
    ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
    timedOut: outcome.timedOut,
    stdout: captured.stdout.text(),
    stderr: captured.stderr.text(),
    stdoutBytes: captured.stdout.totalBytes,
    stderrBytes: captured.stderr.totalBytes,
    truncated: captured.stdout.truncated || captured.stderr.truncated,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    container: outcome.container,
  };
}

async function execCommand(
  ctx: SetContext,
  where: Extract<CommandWhere, { kind: 'exec' }>,
  input: CommandRunInput,
  runId: string,
  sink: Sink,
): Promise<Outcome> {
  if (!input.command || input.command.length === 0) throw new UsageError(`a command is needed to exec in service ${where.service}`);
  const c = await findReplica(ctx, where.service, where.replica);
  if (c.state !== 'running') {
    throw new UsageError(`${c.name} is ${c.state}, not running`, { hint: `Start it: testbed start ${ctx.set}` });
  }
  // If the kill cannot run in this image, stop waiting instead (the process may live on).
  const giveUp = new AbortController();
  const stopper = new Stopper(
    () => {
      void killMarkedProcesses(ctx.engine, c.id, runId).then((killed) => {
        if (!killed) giveUp.abort();
      });
    },
    input.timeoutMs,
    input.signal,
  );
  try {
    const exitCode = await ctx.engine.execStream(
      c.id,
      {
        cmd: input.command,
        env: [...envList(input.env ?? {}), `${RUN_MARKER}=${runId}`],
        ...(input.user ? { user: input.user } : {}),
        ...(input.workingDir ? { workingDir: input.workingDir } : {}),
        signal: giveUp.signal,
      },
      sink,
    );
    if (stopper.aborted) throw new InterruptedError();
    await input.afterRun?.(ctx.engine, c.id);
    return { exitCode, timedOut: stopper.timedOut, container: c.name };
  } catch (err) {
    if (err instanceof InterruptedError && stopper.timedOut && !stopper.aborted) {
      return { timedOut: true, container: c.name };
    }
    throw err;
  } finally {
    stopper.dispose();
  }
}

async function runOneOff(
  ctx: SetContext,
  where: Exclude<CommandWhere, { kind: 'exec' }>,
  input: CommandRunInput,
  runId: string,
  sink: Sink,
): Promise<Outcome> {
  const basis = await oneOffBasis(ctx, where);
  await ensureImage(ctx.engine, basis.image);
  throwIfAborted(input.signal);
  const spec = oneOffSpec({
    project: ctx.projectName,
    set: ctx.set,
    runId,
    purpose: input.purpose ?? (where.kind === 'run' ? `run/${where.service}` : 'run'),
    image: basis.image,
    ...(input.command ? { command: input.command } : {}),
    env: mergeEnv(basis.env, input.env ?? {}),
    ...((input.user ?? basis.user) ? { user: input.user ?? basis.user } : {}),
    ...(input.workingDir ? { workingDir: input.workingDir } : {}),
    binds: input.mounts ?? [],
    mounts: basis.mounts,
    networks: basis.networks,
    ...(input.labels ? { extraLabels: input.labels } : {}),
    owner: formatOwner(currentOwner()),
  });
  const id = await ctx.engine.createContainer(spec);
  try {
    if (basis.files?.length) await injectFileList(ctx.engine, id, basis.files);
    const attached = await ctx.engine.attachOutput(id, sink);
    const stopper = new Stopper(() => void ctx.engine.stopContainer(id, 0).catch(() => undefined), input.timeoutMs, input.signal);
    try {
      if (stopper.aborted) throw new InterruptedError();
      await ctx.engine.startContainer(id);
      const exitCode = await ctx.engine.waitContainer(id);
      await Promise.race([attached.ended.catch(() => undefined), new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS).unref())]);
      if (stopper.aborted) throw new InterruptedError();
      await input.afterRun?.(ctx.engine, id);
      return { exitCode, timedOut: stopper.timedOut, container: spec.name };
    } finally {
      stopper.dispose();
      attached.close();
    }
  } finally {
    await ctx.engine.removeContainer(id).catch((err: unknown) => {
      log.warn(`could not remove one-off container ${spec.name} (destroy removes it): ${(err as Error).message}`);
    });
  }
}

function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** The base KEY=VALUE list, with keys of `extra` replaced or added. */
function mergeEnv(base: string[], extra: Record<string, string>): string[] {
  const kept = base.filter((entry) => !(entry.split('=', 1)[0]! in extra));
  return [...kept, ...envList(extra)];
}
