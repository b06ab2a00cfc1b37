/**
 * An exclusive lock held as a file, valid across processes: created with O_EXCL, holding who
 * took it (what for, pid, host, since when). A lock whose process is gone (killed, crashed) is
 * taken over at once, without waiting for a timeout: the owner's liveness is checked with its
 * pid and start time, not guessed from the file's age, so a busy process that does not touch
 * the file for an hour keeps its lock.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InterruptedError } from './errors.js';
import { currentOwner, ownerLiveness, type Liveness, type ProcessOwner } from './process-owner.js';

export interface LockHolder extends ProcessOwner {
  /** What the holder is doing, e.g. "up". */
  purpose: string;
  /** ISO time it took the lock. */
  since: string;
  /** Unique to one acquisition: tells a lock from the next one taken by the same process. */
  token: string;
}

export interface AcquireOptions {
  /** How long to wait for a live holder; undefined: as long as it lives; 0: not at all. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once per holder met while waiting. */
  onWait?: (holder: LockHolder) => void;
  /** Called when a lock left by a process that is gone was taken over. */
  onRecovered?: (holder: LockHolder) => void;
  /** For tests: whether a holder's process still runs. */
  liveness?: (holder: LockHolder) => Liveness;
}

export interface HeldLock {
  holder: LockHolder;
  release(): Promise<void>;
}

/** Thrown when the lock is still held when the wait ends. */
export class LockBusy extends Error {
  constructor(
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
  ) {
    super('lock busy');
  }
}

/** A file being written (or garbage) is treated as held for this long, then as left over. */
const UNREADABLE_GRACE_MS = 10_000;
const POLL_FIRST_MS = 50;
const POLL_MAX_MS = 500;

export async function acquireLock(path: string, purpose: string, options: AcquireOptions = {}): Promise<HeldLock> {
  const holder: LockHolder = { ...currentOwner(), purpose, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const liveness = options.liveness ?? ((h: LockHolder) => ownerLiveness(h));
  const started = Date.now();
  const seen = new Set<string>();
  let pause = POLL_FIRST_MS;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError();
    if (await tryCreate(path, holder)) return { holder, release: () => releaseLock(path, holder.token) };
    const current = await readHolder(path);
    if (current === 'missing') continue;
    if (current !== 'unreadable' && liveness(current) === 'gone') {
      if (await breakLeftover(path, current.token)) options.onRecovered?.(current);
      continue;
    }
    if (current === 'unreadable' && (await ageMs(path)) > UNREADABLE_GRACE_MS) {
      await breakLeftover(path, undefined);
      continue;
    }
    const waited = Date.now() - started;
    const known = current === 'unreadable' ? undefined : current;
    if (options.timeoutMs !== undefined && waited >= options.timeoutMs) throw new LockBusy(known, waited);
    if (known && !seen.has(known.token)) {
      seen.add(known.token);
      options.onWait?.(known);
    }
    const left = options.timeoutMs === undefined ? pause : Math.min(pause, options.timeoutMs - waited);
    await sleep(Math.max(left, 1), options.signal);
    pause = Math.min(pause * 2, POLL_MAX_MS);
  }
}

/** Who holds the lock now, if anyone. */
export async function lockHolder(path: string): Promise<LockHolder | undefined> {
  const current = await readHolder(path);
  return typeof current === 'object' ? current : undefined;
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(holder) + '\n', { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // The folder went (the set was removed, or was never made): make it and try again.
    if (code === 'ENOENT') {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return tryCreate(path, holder);
    }
    throw err;
  }
}

async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return typeof parsed.token === 'string' && typeof parsed.pid === 'number' ? parsed : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Removes a left-over lock, but only the one that was judged left over: two waiters may judge
 * at once, and the second must not remove the lock the first has taken meanwhile. A second
 * file, made with O_EXCL too, lets one of them at a time look again and remove.
 */
async function breakLeftover(path: string, token: string | undefined): Promise<boolean> {
  const breaker = `${path}.break`;
  try {
    await writeFile(breaker, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process is at it; one that died while at it leaves the file behind.
    if ((await ageMs(breaker)) > UNREADABLE_GRACE_MS) await unlink(breaker).catch(() => undefined);
    await sleep(POLL_FIRST_MS);
    return false;
  }
  try {
    const again = await readHolder(path);
    const same = token === undefined ? again === 'unreadable' : typeof again === 'object' && again.token === token;
    if (!same) return false;
    await unlink(path).catch(ignoreMissing);
    return true;
  } finally {
    await unlink(breaker).catch(ignoreMissing);
  }
}

async function releaseLock(path: string, token: string): Promise<void> {
  const current = await readHolder(path);
  if (typeof current === 'object' && current.token === token) await unlink(path).catch(ignoreMissing);
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
