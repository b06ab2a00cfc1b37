/**
 * A Compose healthcheck as Kubernetes probes. Readiness always: a Service sends traffic to a
 * pod only once its check passes, which is what `service_healthy` waits for. Liveness only when
 * asked (x-testbed liveness_probe), behind a startup probe that gives the start period.
 */
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { Healthcheck } from '../model/project.js';
import { seconds } from './whole-seconds.js';

function execCommand(test: string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

export interface Probes {
  readinessProbe?: IProbe;
  livenessProbe?: IProbe;
  startupProbe?: IProbe;
}

export function probesFor(healthcheck: Healthcheck, liveness: boolean): Probes {
  const command = execCommand(healthcheck.test);
  if (!command || command.length === 0) return {};
  const base: IProbe = {
    exec: { command },
    periodSeconds: seconds(healthcheck.intervalMs),
    timeoutSeconds: seconds(healthcheck.timeoutMs),
    failureThreshold: Math.max(1, healthcheck.retries),
  };
  const probes: Probes = { readinessProbe: base };
  if (liveness) {
    probes.livenessProbe = base;
    // Failures in the start period do not count in Compose; a startup probe holds liveness back as long.
    const period = seconds(Math.min(healthcheck.startIntervalMs, healthcheck.intervalMs));
    probes.startupProbe = {
      ...base,
      periodSeconds: period,
      failureThreshold: Math.ceil(seconds(healthcheck.startPeriodMs, 0) / period) + Math.max(1, healthcheck.retries),
    };
  }
  return probes;
}
