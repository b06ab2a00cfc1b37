/**
 * Readiness of one container while its set comes up. It never says ready for a service that
 * is not: a container that exits or restarts fails (service-failure.ts), unless it is a one-shot
 * service that exited 0, which is then `completed`. A running container is ready
 * - with a healthcheck in the file: when its test passes. Testbed runs the test itself through
 *   exec at a short, backed-off cadence, so readiness is seen within a fraction of a second
 *   instead of at the engine's next interval;
 * - with the image's own healthcheck: when the engine says healthy;
 * - marked `x-testbed: { ready: started }`: at once;
 * - with TCP ports exposed or published: when they accept connections (ports-listening.ts);
 * - otherwise: at once. (Before `up` says the set is ready, every container it started without a
 *   health check of its file must also have kept running for a moment: failure-watch.ts.)
 */
import { ReadinessTimeoutError, ServiceFailedError } from '../common/errors.js';
import type { ContainerDetails } from '../engine/engine.js';
import type { Service } from '../model/project.js';
import { exposedPorts } from '../plan/port-bindings.js';
import { sleep } from './abort.js';
import { healthcheckCommand, runHealthcheck } from './healthcheck-probe.js';
import { logTail } from './log-tail.js';
import { PortCheck, type PortCheckResult } from './ports-listening.js';
import { serviceFailedError, verdictOf, type RunExpectation } from './service-failure.js';
import type { SetContext } from './set-context.js';

export type Readiness = 'ready' | 'completed';

export interface ReadinessOptions extends RunExpectation {
  /** Absolute time (ms since epoch) after which waiting fails. */
  deadline: number;
  signal?: AbortSignal;
  now?: () => number;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

type ReadyCheck = (details: ContainerDetails, signal?: AbortSignal) => Promise<PortCheckResult>;

export async function waitReady(
  ctx: SetContext,
  containerId: string,
  service: Service,
  options: ReadinessOptions,
): Promise<Readiness> {
  const now = options.now ?? Date.now;
  const check = readyCheck(ctx, service);
  let delay = FIRST_DELAY_MS;
  let waitingFor = '';
  for (;;) {
    const details = await ctx.engine.inspectContainer(containerId);
    if (!details) {
      throw new ServiceFailedError(`the container of service ${service.name} (${containerId.slice(0, 12)}) disappeared while Testbed waited for it`, {
        hint: `Something removed it; bring the set up again with: testbed up ${ctx.set}`,
      });
    }
    const verdict = verdictOf(details, options);
    if (verdict === 'completed') return 'completed';
    if (verdict === 'exited' || verdict === 'restarted') throw await serviceFailedError(ctx, details, verdict, options.signal);
    if (options.oneShot) waitingFor = 'it is a one-shot service and has not finished yet';
    else if (verdict === 'running') {
      const result = await check(details, options.signal);
      if (result.ok) return 'ready';
      waitingFor = result.detail;
    } else waitingFor = `it is ${details.state}`;
    if (now() >= options.deadline) throw await timeoutError(ctx, details, service, waitingFor);
    await sleep(Math.min(delay, Math.max(0, options.deadline - now())), options.signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

/**
 * Whether this service's readiness is its file's health check passing (run by Testbed), a
 * stronger sign than running or listening (failure-watch.ts holds only the weaker ones back).
 * The image's own check needs no mention: the engine runs it first after its interval.
 */
export function readyByHealthcheck(service: Service): boolean {
  return typeof service.healthcheck === 'object' && healthcheckCommand(service.healthcheck.test) !== undefined;
}

/** What "ready" means for this service, once it runs (see the top of this file). */
function readyCheck(ctx: SetContext, service: Service): ReadyCheck {
  const healthcheck = typeof service.healthcheck === 'object' ? service.healthcheck : undefined;
  const probe = healthcheck && healthcheckCommand(healthcheck.test);
  if (healthcheck && probe) {
    return async (details, signal) => {
      const result = await runHealthcheck(ctx.engine, details.id, probe, healthcheck, signal);
      return { ok: result.ok, detail: `its health check has not passed; last output: ${result.output || '(none)'}` };
    };
  }
  const ports = exposedPorts(service.ports, service.expose)
    .filter((p) => p.endsWith('/tcp'))
    .map((p) => Number.parseInt(p, 10));
  const portCheck = ports.length > 0 && !service.readyOnStart ? new PortCheck(ctx, service.name, ports) : undefined;
  return async (details, signal) => {
    // An image's own healthcheck (the file neither sets nor disables one) decides first.
    if (details.health && service.healthcheck === undefined) {
      return { ok: details.health === 'healthy', detail: `the image's health check says ${details.health}; last output: ${details.healthLog.at(-1)?.output.trim() || '(none)'}` };
    }
    if (portCheck) return portCheck.check(details, signal);
    return { ok: true, detail: '' };
  };
}

async function timeoutError(ctx: SetContext, details: ContainerDetails, service: Service, waitingFor: string): Promise<ReadinessTimeoutError> {
  const tail = await logTail(ctx, details.id);
  return new ReadinessTimeoutError(`service ${service.name} (${details.name}) did not become ready in time: ${waitingFor || 'not running yet'}`, {
    hint:
      `Last log lines:\n${tail || '(no output)'}\n` +
      `Raise the limit with --timeout, or fix what it waits for: its healthcheck, or the ports it should listen on ` +
      `(without a healthcheck, x-testbed: { ready: started } waits only for it to run).`,
    details: { container: details.name, service: service.name, waitingFor, logs: tail },
  });
}
