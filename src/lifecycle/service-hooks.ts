/**
 * Compose's lifecycle hooks: `post_start` commands run in a container right after it starts,
 * `pre_stop` commands right before it is stopped, one after the other, through the same exec
 * path as `testbed exec`. Each run's output is kept in the set folder
 * (hooks/<container>/<hook>-<n>.log). A failed post_start stops the container and fails the
 * command (HOOK_FAILED), as Compose does; a failed pre_stop leaves the container running and
 * fails the stop, so nothing is stopped that the hook meant to prepare.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HookFailedError } from '../common/errors.js';
import type { ContainerSummary } from '../engine/engine.js';
import type { LifecycleHook } from '../model/container-options.js';
import type { Service } from '../model/project.js';
import type { EventSink } from './events.js';
import type { SetContext } from './set-context.js';

export type HookKind = 'post_start' | 'pre_stop';

/** Longest a hook may run before it counts as failed: a hook that never returns would hold up or stop forever. */
export const HOOK_TIMEOUT_MS = 5 * 60_000;

/** Where the output of a container's hook run is kept. */
export function hookLogPath(ctx: SetContext, container: string, kind: HookKind, index: number): string {
  return ctx.folder.file('hooks', container, `${kind}-${index + 1}.log`);
}

/** @throws HookFailedError naming the hook, its exit code, its last output and where all of it is */
export async function runHooks(ctx: SetContext, service: Service, container: ContainerSummary, kind: HookKind, events: EventSink, signal?: AbortSignal): Promise<void> {
  const hooks = kind === 'post_start' ? service.hooks.postStart : service.hooks.preStop;
  for (const [index, hook] of hooks.entries()) {
    const result = await runOne(ctx, container, hook, signal);
    const log = hookLogPath(ctx, container.name, kind, index);
    await mkdir(dirname(log), { recursive: true, mode: 0o700 });
    await writeFile(log, `$ ${hook.command.join(' ')}\n${result.output}${result.output.endsWith('\n') || !result.output ? '' : '\n'}exit code: ${result.exitCode}\n`);
    if (result.exitCode !== 0) {
      const tail = result.output.trimEnd().split('\n').slice(-10).join('\n');
      const after = kind === 'post_start' ? 'the container was stopped' : 'the container was left running';
      throw new HookFailedError(`${kind} hook ${index + 1} of ${service.name} (${container.name}) ${result.timedOut ? `did not finish within ${HOOK_TIMEOUT_MS / 1000}s` : `exited with code ${result.exitCode}`}; ${after}`, {
        hint: `Its output:\n${tail || '(no output)'}\nAll of it is in ${log}. Fix the command (services.${service.name}.${kind}[${index}]) and run the command again.`,
        details: { service: service.name, container: container.name, hook: kind, index, exitCode: result.exitCode, log },
      });
    }
    events({ kind: 'container', service: service.name, name: container.name, action: 'hook-done', detail: `${kind} ${index + 1}` });
  }
}

/** A started container's post_start hooks; when one fails the container is stopped, then the failure thrown. */
export async function postStartHooks(ctx: SetContext, service: Service, container: ContainerSummary, events: EventSink, signal?: AbortSignal): Promise<void> {
  if (service.hooks.postStart.length === 0) return;
  try {
    await runHooks(ctx, service, container, 'post_start', events, signal);
  } catch (err) {
    if (err instanceof HookFailedError) {
      await ctx.engine.stopContainer(container.id);
      events({ kind: 'container', service: service.name, name: container.name, action: 'stopped', detail: 'its post_start hook failed' });
    }
    throw err;
  }
}

async function runOne(ctx: SetContext, container: ContainerSummary, hook: LifecycleHook, signal?: AbortSignal): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
  const timeout = AbortSignal.timeout(HOOK_TIMEOUT_MS);
  const env = Object.entries(hook.environment).flatMap(([k, v]) => (v === null ? [] : [`${k}=${v}`]));
  try {
    const result = await ctx.engine.exec(container.id, {
      cmd: hook.command,
      ...(env.length > 0 ? { env } : {}),
      ...(hook.user ? { user: hook.user } : {}),
      ...(hook.workingDir ? { workingDir: hook.workingDir } : {}),
      ...(hook.privileged ? { privileged: true } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    return { exitCode: result.exitCode, output: result.stdout + result.stderr, timedOut: false };
  } catch (err) {
    if (timeout.aborted && !signal?.aborted) return { exitCode: -1, output: '', timedOut: true };
    throw err;
  }
}
