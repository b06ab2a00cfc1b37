/**
 * Readiness of one container. A service with a healthcheck is ready when its test passes:
 * Testbed runs the test itself through exec at a short, backed-off cadence, so readiness is
 * seen within a fraction of a second instead of at the engine's next interval.
 */
import { DependencyFailedError, ReadinessTimeoutError } from '../common/errors.js';
import type { ContainerDetails, Engine } from '../engine/engine.js';
import type { Healthcheck, Service } from '../model/project.js';
import { LABEL } from '../plan/labels.js';
import { sleep } from './abort.js';
import { logTail } from './log-tail.js';

export type Readiness = 'ready' | 'completed';

export interface ReadinessOptions {
  /** Absolute time (ms since epoch) after which waiting fails. */
  deadline: number;
  signal?: AbortSignal;
  now?: () => number;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

export function healthcheckCommand(test: string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

export async function waitReady(
  engine: Engine,
  containerId: string,
  service: Service | undefined,
  options: ReadinessOptions,
): Promise<Readiness> {
  const now = options.now ?? Date.now;
  const healthcheck = service?.healthcheck;
  const probe = typeof healthcheck === 'object' ? healthcheckCommand(healthcheck.test) : undefined;
  let delay = FIRST_DELAY_MS;
  let lastOutput = '';
  for (;;) {
    const details = await engine.inspectContainer(containerId);
    if (!details) throw new DependencyFailedError(`container ${containerId} disappeared while Testbed waited for it`);
    if (details.state === 'exited' || details.state === 'dead') {
      if (details.exitCode === 0) return 'completed';
      throw await exitedError(engine, details);
    }
    if (details.state === 'running') {
      if (probe) {
        const result = await runProbe(engine, containerId, probe, healthcheck as Healthcheck, options.signal);
        if (result.ok) return 'ready';
        lastOutput = result.output;
      } else if (!details.health || details.health === 'healthy') {
        // No healthcheck of the file's: running is ready, unless the image brings its own.
        return 'ready';
      } else {
        lastOutput = details.healthLog.at(-1)?.output ?? '';
      }
    }
    if (now() >= options.deadline) throw await timeoutError(engine, details, lastOutput);
    await sleep(Math.min(delay, Math.max(0, options.deadline - now())), options.signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

async function runProbe(
  engine: Engine,
  containerId: string,
  cmd: string[],
  healthcheck: Healthcheck,
  signal: AbortSignal | undefined,
): Promise<{ ok: boolean; output: string }> {
  const timeout = AbortSignal.timeout(Math.max(healthcheck.timeoutMs, 1000));
  try {
    const result = await engine.exec(containerId, {
      cmd,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    return { ok: result.exitCode === 0, output: (result.stdout + result.stderr).trim() };
  } catch (err) {
    if (signal?.aborted) throw err;
    // The container may be between states (restarting); the next round looks again.
    return { ok: false, output: err instanceof Error ? err.message : String(err) };
  }
}

/** Waits until the container has run to its end, and returns its exit code. */
export async function waitCompleted(engine: Engine, containerId: string, signal?: AbortSignal): Promise<number> {
  return engine.waitContainer(containerId, signal);
}

async function exitedError(engine: Engine, details: ContainerDetails): Promise<DependencyFailedError> {
  const tail = await logTail(engine, details.id);
  return new DependencyFailedError(`container ${details.name} exited with code ${details.exitCode ?? '?'}`, {
    hint: `Its last output:\n${tail || '(no output)'}\nSee all of it with: testbed logs <set> ${details.labels[LABEL.service] ?? ''}`,
    details: { container: details.name, exitCode: details.exitCode, logs: tail },
  });
}

async function timeoutError(engine: Engine, details: ContainerDetails, lastOutput: string): Promise<ReadinessTimeoutError> {
  const tail = await logTail(engine, details.id);
  const service = details.labels[LABEL.service] ?? details.name;
  return new ReadinessTimeoutError(`service ${service} (${details.name}) did not become ready in time`, {
    hint:
      `Last health check output: ${lastOutput || '(none)'}\n` +
      `Last log lines:\n${tail || '(no output)'}\n` +
      `Raise the limit with --timeout, or fix the service's healthcheck.`,
    details: { container: details.name, service, healthOutput: lastOutput, logs: tail },
  });
}
