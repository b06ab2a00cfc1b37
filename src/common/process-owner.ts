/**
 * Which process owns something (a set's lock, a one-off container), and whether that process
 * still runs. A pid alone is not enough: pids are reused, so the process's start time (from
 * /proc on Linux) is kept with it, and only a process on this host can be looked at.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessOwner {
  host: string;
  pid: number;
  /** The kernel's start time of the process (clock ticks since boot), where /proc has it. */
  start?: string;
}

export type Liveness = 'alive' | 'gone' | 'unknown';

export function currentOwner(): ProcessOwner {
  const start = processStart(process.pid);
  return { host: hostname(), pid: process.pid, ...(start ? { start } : {}) };
}

/**
 * 'gone' only when certain: the pid does not exist on this host, or it is another process than
 * the one recorded (a different start time). A process on another host is 'unknown'.
 */
export function ownerLiveness(owner: ProcessOwner, here: string = hostname()): Liveness {
  if (owner.host !== here) return 'unknown';
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return 'gone';
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: it exists, owned by another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  if (owner.start) {
    const start = processStart(owner.pid);
    if (start !== undefined && start !== owner.start) return 'gone';
  }
  return 'alive';
}

/** "host:pid:start", for a label. */
export function formatOwner(owner: ProcessOwner): string {
  return `${owner.host}:${owner.pid}:${owner.start ?? ''}`;
}

export function parseOwner(text: string | undefined): ProcessOwner | undefined {
  const m = /^(.*):(\d+):(\d*)$/.exec(text ?? '');
  if (!m) return undefined;
  return { host: m[1]!, pid: Number(m[2]), ...(m[3] ? { start: m[3] } : {}) };
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
