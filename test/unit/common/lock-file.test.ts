/** The set lock's file: one holder at a time across processes, left-over locks taken over at once. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LockBusy, lockHolder, type LockHolder } from '../../../src/common/lock-file.js';
import { InterruptedError } from '../../../src/common/errors.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'testbed-lock-'));
  path = join(dir, 'set', 'lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function holder(fields: Partial<LockHolder>): LockHolder {
  return { host: hostname(), pid: process.pid, purpose: 'up', since: new Date().toISOString(), token: 'abc', ...fields };
}

describe('the lock file', () => {
  it('is made with its folder and says who holds it; release removes it', async () => {
    const lock = await acquireLock(path, 'up');
    expect(await lockHolder(path)).toMatchObject({ purpose: 'up', pid: process.pid, host: hostname() });
    await lock.release();
    expect(await lockHolder(path)).toBeUndefined();
  });

  it('keeps a second taker waiting until the first releases it, and says once whom it waits for', async () => {
    const first = await acquireLock(path, 'up');
    const waitedFor: string[] = [];
    const second = acquireLock(path, 'snapshot', { onWait: (h) => waitedFor.push(h.purpose) });
    await new Promise((r) => setTimeout(r, 300));
    expect(await lockHolder(path)).toMatchObject({ purpose: 'up' });
    await first.release();
    const held = await second;
    expect(held.holder.purpose).toBe('snapshot');
    expect(waitedFor).toEqual(['up']);
    await held.release();
  });

  it('fails at once with timeout 0, naming the holder, and after the timeout otherwise', async () => {
    const first = await acquireLock(path, 'up');
    const at = Date.now();
    const busy = await acquireLock(path, 'stop', { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(LockBusy);
    expect((busy as LockBusy).holder).toMatchObject({ purpose: 'up', pid: process.pid });
    expect(Date.now() - at).toBeLessThan(1000);
    const late = await acquireLock(path, 'stop', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(LockBusy);
    expect((late as LockBusy).waitedMs).toBeGreaterThanOrEqual(300);
    await first.release();
  });

  it('stops waiting when the signal aborts', async () => {
    const first = await acquireLock(path, 'up');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(acquireLock(path, 'stop', { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    await first.release();
  });

  it('takes over at once a lock whose process is gone, and says so', async () => {
    await acquireLock(path, 'probe').then((l) => l.release());
    await writeFile(path, JSON.stringify(holder({ pid: deadPid(), token: 'old' })));
    const recovered: LockHolder[] = [];
    const at = Date.now();
    const lock = await acquireLock(path, 'up', { timeoutMs: 0, onRecovered: (h) => recovered.push(h) });
    expect(Date.now() - at).toBeLessThan(2000);
    expect(recovered.map((h) => h.token)).toEqual(['old']);
    expect((await lockHolder(path))?.token).toBe(lock.holder.token);
    await lock.release();
  });

  it('does not take a reused pid for the holder: a different start time means the holder is gone', async () => {
    await acquireLock(path, 'probe').then((l) => l.release());
    await writeFile(path, JSON.stringify(holder({ pid: process.pid, start: '1', token: 'reused' })));
    const lock = await acquireLock(path, 'up', { timeoutMs: 0 });
    await lock.release();
  });

  it('waits for a holder on another host, which it cannot look at', async () => {
    await acquireLock(path, 'probe').then((l) => l.release());
    await writeFile(path, JSON.stringify(holder({ host: 'elsewhere.example', pid: deadPid() })));
    await expect(acquireLock(path, 'up', { timeoutMs: 100 })).rejects.toBeInstanceOf(LockBusy);
  });

  it('treats an unreadable lock as held while it may be being written, and as left over after', async () => {
    await acquireLock(path, 'probe').then((l) => l.release());
    await writeFile(path, '{"tok');
    await expect(acquireLock(path, 'up', { timeoutMs: 100 })).rejects.toBeInstanceOf(LockBusy);
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const lock = await acquireLock(path, 'up', { timeoutMs: 0 });
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe(lock.holder.token);
    await lock.release();
  });

  it('lets one taker at a time hold it when many try at once, also over a left-over lock', async () => {
    await acquireLock(path, 'probe').then((l) => l.release());
    await writeFile(path, JSON.stringify(holder({ pid: deadPid(), token: 'left' })));
    let inside = 0;
    let most = 0;
    let recoveries = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const lock = await acquireLock(path, `taker-${i}`, { onRecovered: () => recoveries++ });
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        await lock.release();
      }),
    );
    expect(most).toBe(1);
    expect(recoveries).toBe(1);
    expect(await lockHolder(path)).toBeUndefined();
  });
});
