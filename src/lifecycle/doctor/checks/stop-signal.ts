/**
 * IX Disposability, stopping: the time from the stop signal (SIGTERM, or the file's stop_signal)
 * to exit, on a throwaway set only (it stops the containers). A service that ignores it is
 * killed at the end of its grace period: whatever it was doing is cut off, and every stop waits.
 */
import { finding } from '../../../model/doctor/check.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';

const DEFAULT_GRACE_MS = 10_000;

export const stopSignal: LiveCheck = {
  id: 'disposability.stop-signal',
  factor: 'disposability',
  title: 'time from the stop signal to exit (killed at the grace period is a finding)',
  stops: true,
  async run(live, service) {
    if (!live.fresh) {
      return [finding(this, service.name, 'unknown', 'measured only on a throwaway set (it stops the service)', 'Run testbed doctor --live.')];
    }
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const signal = service.stopSignal ?? 'SIGTERM';
    if (/^(SIG)?KILL$|^9$/i.test(signal)) {
      return [finding(this, service.name, 'warn', `stop_signal: ${signal}: it never gets the chance to finish its work`, 'Use a signal it handles (SIGTERM, SIGQUIT for nginx and php-fpm).')];
    }
    const graceMs = service.stopGracePeriodMs ?? DEFAULT_GRACE_MS;
    const begun = Date.now();
    await live.set.engine.stopContainer(replica.details.id, Math.ceil(graceMs / 1000));
    const tookMs = Date.now() - begun;
    const after = await live.set.engine.inspectContainer(replica.details.id);
    const exitCode = after?.exitCode;
    const took = `${(tookMs / 1000).toFixed(1)}s`;
    if (exitCode === 137 && tookMs >= graceMs - 500) {
      return [
        finding(
          this,
          service.name,
          'fail',
          `did not exit on ${signal} and was killed after the ${graceMs / 1000}s grace period (${took}, exit 137)`,
          'Run the server as PID 1 (exec it from entrypoint scripts, or init: true) so the signal reaches it, and handle the signal: finish in-flight work, then exit.',
        ),
      ];
    }
    return [finding(this, service.name, 'pass', `exited ${exitCode ?? '?'} ${took} after ${signal}`)];
  },
};
