/**
 * XII Admin processes, on a schedule: a cron daemon inside a service's container runs its tasks
 * where nobody sees them (their output, their failures), as root mostly, once per replica. Each
 * task is a job of its own: `schedule:` in x-testbed jobs (a CronJob on Kubernetes).
 */
import { finding } from '../../../model/doctor/check.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { processesOf } from './root-processes.js';

const SCHEDULER = /^(\S*\/)?(cron|crond|anacron|fcron|supercronic|atd|busybox crond)(\s|$)/;

export const inContainerScheduler: LiveCheck = {
  id: 'admin-processes.in-container-scheduler',
  factor: 'admin-processes',
  title: 'a scheduler (cron) running inside a service\'s container',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const top = await processesOf(live, replica);
    const args = top.titles.length - 1;
    const schedulers = top.processes.map((p) => p[args] ?? '').filter((a) => SCHEDULER.test(a));
    if (schedulers.length === 0) {
      const scheduled = Object.values(live.project.jobs).filter((j) => j.schedule).map((j) => `${j.name} (${j.schedule})`);
      return [finding(this, service.name, 'pass', `no scheduler in the container${scheduled.length ? `; scheduled jobs of the file: ${scheduled.join(', ')}` : ''}`)];
    }
    return [
      finding(
        this,
        service.name,
        'fail',
        `a scheduler runs in the container: ${schedulers.map((s) => `"${s.slice(0, 60)}"`).join(', ')}`,
        'Run each scheduled task as an x-testbed job with schedule: "*/15 * * * *" from the same image (run: SERVICE): a CronJob on Kubernetes, `testbed run` on Docker.',
      ),
    ];
  },
};
