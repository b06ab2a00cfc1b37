/**
 * A service that stops or restarts while its set comes up has failed (SERVICE_FAILED), unless
 * it is a one-shot service that exited 0. One verdict serves both the readiness wait and the
 * watch that lasts the whole `up`, so they can never disagree.
 */
import { ServiceFailedError } from '../common/errors.js';
import type { ContainerDetails, Engine } from '../engine/engine.js';
import { LABEL } from '../plan/labels.js';
import { sleep } from './abort.js';
import { logTail } from './log-tail.js';
import type { SetContext } from './set-context.js';

export interface RunExpectation {
  /** Exiting 0 is its success. */
  oneShot: boolean;
  /** The engine's restart count when `up` started (or found) the container. */
  restartsBefore: number;
}

export type Verdict = 'running' | 'not-running' | 'completed' | 'exited' | 'restarted';

export function verdictOf(details: ContainerDetails, expect: RunExpectation): Verdict {
  if (details.state === 'restarting' || details.restartCount > expect.restartsBefore) return 'restarted';
  if (details.state === 'exited' || details.state === 'dead') {
    return expect.oneShot && details.exitCode === 0 ? 'completed' : 'exited';
  }
  return details.state === 'running' ? 'running' : 'not-running';
}

/** How long to look for the exit code of a restarting container (it shows only between runs). */
const EXIT_CODE_LOOK_MS = 2000;
const EXIT_CODE_POLL_MS = 100;

/** The error for a container whose verdict is `exited` or `restarted`: its exit code and last output. */
export async function serviceFailedError(
  ctx: SetContext,
  details: ContainerDetails,
  verdict: 'exited' | 'restarted',
  signal?: AbortSignal,
): Promise<ServiceFailedError> {
  const service = details.labels[LABEL.service] ?? details.name;
  const set = details.labels[LABEL.set] ?? '<set>';
  // A restarted container shows exit code 0 while it runs again: look for it between runs.
  const latest = verdict === 'exited' ? details : await betweenRuns(ctx.engine, details, signal);
  const exitCode = latest.state === 'running' ? undefined : latest.exitCode;
  const tail = await logTail(ctx, details.id);
  const code = exitCode === undefined ? '' : ` with code ${exitCode}`;
  const what =
    verdict === 'exited'
      ? `exited${code}`
      : `keeps restarting (restarted ${latest.restartCount}x${exitCode === undefined ? '' : `, last exit code ${exitCode}`})`;
  const oneShotHint =
    verdict === 'exited' && exitCode === 0
      ? '\nIf it is meant to run once and stop, mark it so: x-testbed: { oneshot: true }.'
      : '';
  return new ServiceFailedError(`service ${service} (${details.name}) ${what} while set ${set} was coming up`, {
    hint: `Its last output:\n${tail || '(no output)'}\nSee all of it with: testbed logs ${set} ${service}${oneShotHint}`,
    details: { service, container: details.name, exitCode, restarts: latest.restartCount, logs: tail },
  });
}

/** The container as the engine waits to restart it (when its last exit code shows), or as last seen. */
async function betweenRuns(engine: Engine, details: ContainerDetails, signal?: AbortSignal): Promise<ContainerDetails> {
  let latest = details;
  for (let waited = 0; latest.state === 'running' && waited < EXIT_CODE_LOOK_MS; waited += EXIT_CODE_POLL_MS) {
    await sleep(EXIT_CODE_POLL_MS, signal);
    latest = (await engine.inspectContainer(details.id)) ?? latest;
  }
  return latest;
}
