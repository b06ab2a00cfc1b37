/** Every live check, and running them on a set. */
import { finding } from '../../model/doctor/check.js';
import type { Finding } from '../../model/doctor/finding.js';
import { unknownAfterError } from '../../model/doctor/static-checks.js';
import type { Service } from '../../model/project.js';
import { arbitraryUidRuns } from './checks/arbitrary-uid-runs.js';
import { bakedConfig } from './checks/baked-config.js';
import { containerState } from './checks/container-state.js';
import { declaredPorts } from './checks/declared-ports.js';
import { freshSet } from './checks/fresh-set.js';
import { inContainerScheduler } from './checks/in-container-scheduler.js';
import { installerPage } from './checks/installer-page.js';
import { logFiles } from './checks/log-files.js';
import { rootProcesses } from './checks/root-processes.js';
import { runsAsRoot } from './checks/runs-as-root.js';
import { runtimeChanges } from './checks/runtime-changes.js';
import { startToReady } from './checks/start-to-ready.js';
import { stopSignal } from './checks/stop-signal.js';
import { undeclaredPorts } from './checks/undeclared-ports.js';
import type { LiveCheck, LiveContext } from './live-check.js';

/** In the order they run: the front page is asked for first, so the services have something to log. */
export const LIVE_CHECKS: readonly LiveCheck[] = [
  installerPage,
  freshSet,
  bakedConfig,
  runtimeChanges,
  containerState,
  rootProcesses,
  inContainerScheduler,
  declaredPorts,
  undeclaredPorts,
  startToReady,
  stopSignal,
  logFiles,
  runsAsRoot,
  arbitraryUidRuns,
];

async function runOne(check: LiveCheck, live: LiveContext, service: Service): Promise<Finding[]> {
  try {
    return await check.run(live, service);
  } catch (err) {
    if (live.signal?.aborted) throw err;
    return [unknownAfterError(check, service.name, err)];
  }
}

/**
 * Looks first (the checks that only read, service by service so the engine is not flooded), then
 * stops: the checks that stop containers go last, all services at once, so none waits for another.
 */
export async function runLiveChecks(live: LiveContext, services: readonly Service[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const service of services) {
    for (const check of LIVE_CHECKS.filter((c) => !c.stops)) findings.push(...(await runOne(check, live, service)));
  }
  const stopping = LIVE_CHECKS.filter((c) => c.stops);
  const stopped = await Promise.all(services.flatMap((service) => stopping.map((check) => runOne(check, live, service))));
  return [...findings, ...stopped.flat()];
}

/** When live checks cannot run at all: each says so, with why and what to do. */
export function liveUnavailable(services: readonly Service[], why: string, fix: string): Finding[] {
  return LIVE_CHECKS.flatMap((check) =>
    services.filter((s) => check.appliesTo?.(s) ?? true).map((s) => finding(check, s.name, 'unknown', why, fix)),
  );
}
