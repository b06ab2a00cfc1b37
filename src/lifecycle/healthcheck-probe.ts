/**
 * The file's healthcheck, run by Testbed itself through exec, so that readiness is seen at
 * once rather than at the engine's next interval.
 */
import type { Engine } from '../engine/engine.js';
import type { Healthcheck } from '../model/project.js';

/** The command of a healthcheck test; undefined for NONE (no check). */
export function healthcheckCommand(test: string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

export async function runHealthcheck(
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
