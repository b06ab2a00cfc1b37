/**
 * One command at a time changes a set. Commands that change it (up, create, start, stop,
 * destroy, remove, reset, snapshot, running a job) hold the set's lock, a file in the set's
 * folder, for as long as they work; another one waits (saying who it waits for), or fails at
 * once with SET_BUSY when asked not to wait. Read verbs never take it. A lock whose process is
 * gone (SIGKILL, a crash) is taken over at once, and one-off containers left by such a process
 * are removed before the command goes on.
 */
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InterruptedError, SetBusyError } from '../common/errors.js';
import { acquireLock, LockBusy, type LockHolder } from '../common/lock-file.js';
import { hostname } from 'node:os';
import { ignoreEvents } from './events.js';
import { removeLeftoverOneOffs } from './leftover-one-offs.js';
import type { OperationOptions, SetContext } from './set-context.js';
import { LOCK_FILE } from './set-folder.js';

/**
 * Runs `work` holding the set's lock. Not re-entrant: a locked operation must not call another
 * one on the same set (it would wait for itself); lifecycle functions call each other unlocked.
 */
export async function withSetLock<T>(ctx: SetContext, verb: string, options: OperationOptions, work: () => Promise<T>): Promise<T> {
  const events = options.events ?? ignoreEvents;
  const path = ctx.folder.file(LOCK_FILE);
  let lock;
  try {
    lock = await acquireLock(path, verb, {
      ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onWait: (holder) =>
        events({
          kind: 'lock',
          action: 'waiting',
          message: `set ${ctx.set} is busy: ${describeHolder(holder)}; waiting until it is done`,
        }),
      onRecovered: (holder) =>
        events({
          kind: 'lock',
          action: 'recovered',
          message: `set ${ctx.set} was left locked by ${describeHolder(holder)}, which is gone; taking over`,
        }),
    });
  } catch (err) {
    if (err instanceof LockBusy) throw busy(ctx, path, err, options.lockTimeoutMs);
    throw err;
  }
  try {
    if (options.signal?.aborted) throw new InterruptedError();
    await removeLeftoverOneOffs(ctx, events);
    return await work();
  } finally {
    await lock.release();
    // A folder made only to hold the lock (a command on a set that has none) does not stay, nor its project's.
    await rmdir(ctx.folder.path).catch(() => undefined);
    await rmdir(join(ctx.folder.root, ctx.folder.project)).catch(() => undefined);
  }
}

/** "`up` (pid 4242, since 14:02:11, 35s ago)", with the host when it is another one. */
export function describeHolder(holder: LockHolder, now: Date = new Date()): string {
  const since = new Date(holder.since);
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
  return `\`${holder.purpose}\` (pid ${holder.pid}${where}, since ${since.toLocaleTimeString('en-GB')}, ${seconds}s ago)`;
}

function busy(ctx: SetContext, path: string, err: LockBusy, timeoutMs: number | undefined): SetBusyError {
  const who = err.holder ? describeHolder(err.holder) : 'another command';
  const waited = timeoutMs ? `; still busy after ${Math.round(err.waitedMs / 1000)}s` : '';
  const otherHost = err.holder && err.holder.host !== hostname();
  return new SetBusyError(`set ${ctx.set} is busy: ${who} is working on it${waited}`, {
    hint:
      'Run the command again once that one is done, or without --no-wait to wait for it (--lock-timeout bounds the wait).' +
      (otherHost ? ` If that process no longer runs on ${err.holder!.host}, delete ${path}.` : ''),
    details: { set: ctx.set, project: ctx.projectName, lock: path, ...(err.holder ? { holder: err.holder } : {}) },
  });
}
