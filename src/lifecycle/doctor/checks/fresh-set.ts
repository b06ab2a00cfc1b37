/**
 * XII Admin processes, on a fresh set (doctor --live): the set comes up, ready, with nothing but
 * the file: its services and its jobs. A step someone runs by hand (an install, a migration)
 * that the file does not declare as a job shows as a service that never becomes ready.
 */
import { finding } from '../../../model/doctor/check.js';
import type { LiveCheck } from '../live-check.js';

export const freshSet: LiveCheck = {
  id: 'admin-processes.fresh-set',
  factor: 'admin-processes',
  title: 'a fresh set becomes ready with only the file\'s services and jobs',
  async run(live, service) {
    if (!live.fresh) {
      return [finding(this, service.name, 'unknown', 'this set may have been set up by hand since it was made', 'Run testbed doctor --live: it makes a fresh set and sees whether it becomes ready.')];
    }
    const error = live.fresh.error;
    if (!error) return [finding(this, service.name, 'pass', 'became ready on a fresh set')];
    const failed = typeof error.details?.service === 'string' ? error.details.service : undefined;
    if (failed && failed !== service.name) {
      return [finding(this, service.name, live.fresh.readyAt.has(service.name) ? 'pass' : 'unknown', live.fresh.readyAt.has(service.name) ? 'became ready on a fresh set' : `the fresh set stopped at ${failed} before this service was ready`)];
    }
    return [
      finding(
        this,
        service.name,
        'fail',
        `a fresh set did not come up: ${error.message.split('\n')[0]}`,
        'Declare the step it waits for as an x-testbed job (when: after-start, safe to run again: it detects whether it is needed) and make the service wait for it (x-testbed after_jobs).',
      ),
    ];
  },
};
