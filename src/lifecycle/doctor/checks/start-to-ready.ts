/**
 * IX Disposability, starting: how long a service takes from its start to ready on a fresh set
 * (doctor --live). Fast starts are what make scaling out and replacing a container cheap.
 */
import { finding } from '../../../model/doctor/check.js';
import type { LiveCheck } from '../live-check.js';

/** Past this, a start is slow enough to say so. */
export const SLOW_START_MS = 30_000;

export const startToReady: LiveCheck = {
  id: 'disposability.start-to-ready',
  factor: 'disposability',
  title: 'time from start to ready on a fresh set',
  async run(live, service) {
    if (!live.fresh) {
      return [finding(this, service.name, 'unknown', 'measured only on a fresh set; this set was started before doctor looked', 'Run testbed doctor --live: it starts a throwaway set and times it.')];
    }
    const started = live.fresh.startedAt.get(service.name);
    const ready = live.fresh.readyAt.get(service.name);
    if (started === undefined || ready === undefined) {
      return [finding(this, service.name, 'unknown', started === undefined ? 'it was not started (the set stopped before it)' : 'it did not become ready', 'See admin-processes.fresh-set for why the fresh set did not come up.')];
    }
    const seconds = ((ready - started) / 1000).toFixed(1);
    if (ready - started > SLOW_START_MS) {
      return [finding(this, service.name, 'warn', `${seconds}s from start to ready`, 'Move work out of the start (build time, a job); a slow start makes every restart and scale-out slow.')];
    }
    return [finding(this, service.name, 'pass', `${seconds}s from start to ready`)];
  },
};
