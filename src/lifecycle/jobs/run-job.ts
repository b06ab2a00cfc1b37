/**
 * Runs one x-testbed job for a set: its environment and command rendered with the set's
 * template context, output kept under jobs/<job>/<time>/ in the set's folder, and, for
 * `once` jobs, a record that it is done so a later `up` does not repeat it.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { JobFailedError } from '../../common/errors.js';
import type { Job } from '../../model/x-testbed.js';
import { plainRun, renderRun } from '../../set-config/run-commands.js';
import { contextRenderer, type TemplateContext } from '../../set-config/template-render.js';
import { runCommand, type CommandRunResult, type CommandWhere } from '../command-run.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { maskSecrets } from '../../set-config/secret-mask.js';
import type { SetContext } from '../set-context.js';

export interface JobRunOptions {
  context: TemplateContext;
  /** Run a `once` job again even though it is done. */
  force?: boolean;
  events?: EventSink;
  signal?: AbortSignal;
}

export interface JobOutcome {
  job: string;
  skipped: boolean;
  result?: CommandRunResult;
  /** Folder holding stdout, stderr and result.json of this run. */
  folder?: string;
}

const LAST_LINES = 15;

export function jobDoneFile(ctx: SetContext, job: string): string {
  return ctx.folder.file('jobs', job, 'done');
}

export async function jobDone(ctx: SetContext, job: string): Promise<boolean> {
  return readFile(jobDoneFile(ctx, job)).then(
    () => true,
    () => false,
  );
}

/** Forget that `once` jobs ran (their data went with the set's volumes). */
export async function forgetJobsDone(ctx: SetContext): Promise<void> {
  const jobs = await readdir(ctx.folder.file('jobs')).catch(() => [] as string[]);
  await Promise.all(jobs.map((job) => rm(jobDoneFile(ctx, job), { force: true })));
}

function where(job: Job): CommandWhere {
  const t = job.target;
  return t.kind === 'exec' ? { kind: 'exec', service: t.service, replica: t.replica } : t;
}

export async function runJob(ctx: SetContext, job: Job, options: JobRunOptions): Promise<JobOutcome> {
  const events = options.events ?? ignoreEvents;
  if (job.once && !options.force && (await jobDone(ctx, job.name))) {
    events({ kind: 'job', name: job.name, action: 'skipped', detail: 'done before (once); testbed run --force repeats it' });
    return { job: job.name, skipped: true };
  }
  const { command, environment: env } = plainRun(await renderRun(job, `jobs.${job.name}`, contextRenderer(options.context, ctx.project?.directory)));

  const folder = ctx.folder.file('jobs', job.name, new Date().toISOString().replace(/[:.]/g, '-'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  events({ kind: 'job', name: job.name, action: 'running' });
  const result = await runCommand(ctx, {
    where: where(job),
    ...(command ? { command } : {}),
    env,
    ...(job.user ? { user: job.user } : {}),
    ...(job.workingDir ? { workingDir: job.workingDir } : {}),
    mounts: job.mounts,
    timeoutMs: job.timeoutMs,
    purpose: `job/${job.name}`,
    stdoutFile: `${folder}/stdout`,
    stderrFile: `${folder}/stderr`,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ok = result.exitCode === 0 && !result.timedOut;
  const summary = {
    job: job.name,
    exitCode: result.exitCode ?? null,
    timedOut: result.timedOut,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
  };
  await writeFile(`${folder}/result.json`, JSON.stringify(summary, null, 2) + '\n', { mode: 0o600 });
  if (!ok) {
    events({ kind: 'job', name: job.name, action: 'failed', detail: result.timedOut ? 'timed out' : `exit ${result.exitCode}` });
    const secrets = (options.context.secrets ?? {}) as Record<string, string>;
    const tail = maskSecrets(lastLines(`${result.stdout}\n${result.stderr}`), secrets);
    const why = result.timedOut ? `timed out after ${Math.round(job.timeoutMs / 1000)}s` : `exited with code ${result.exitCode}`;
    throw new JobFailedError(`job ${job.name} of set ${ctx.set} ${why}.\nLast output:\n${tail || '(none)'}`, {
      hint: `The set is left as it is for inspection. Full output: ${folder}. Re-run it with: testbed run ${ctx.set} ${job.name}${job.once ? ' --force' : ''}`,
      details: { job: job.name, exitCode: result.exitCode, timedOut: result.timedOut, output: folder },
    });
  }
  if (job.once) await writeFile(jobDoneFile(ctx, job.name), summary.finishedAt + '\n', { mode: 0o600 });
  events({ kind: 'job', name: job.name, action: 'done' });
  return { job: job.name, skipped: false, result, folder };
}

function lastLines(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-LAST_LINES).map((l) => `  ${l}`).join('\n');
}
