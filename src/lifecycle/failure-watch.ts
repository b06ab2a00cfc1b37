/**
 * Keeps looking at the containers that were ready while the rest of the set comes up: a
 * service that crashes after it was ready, while another still starts or a job runs, fails
 * `up` at once instead of leaving a broken set that says it is ready. Before `up` says ready,
 * every container it started whose readiness was only a weak sign (it runs, or its ports accept
 * connections) has kept running for a moment, so one that looked ready and died right after is
 * caught too: a server that binds its port before its workers fail to boot, a command that
 * prints and exits. A container whose own health check passed has shown more than that, and
 * `up` does not hold it back: on a set made from a snapshot, that moment was most of the time.
 */
import { sleep } from './abort.js';
import { serviceFailedError, verdictOf, type RunExpectation } from './service-failure.js';
import type { SetContext } from './set-context.js';

const POLL_MS = 500;
/** How long a container must have run, since it was started, before `up` says it is ready. */
export const KEEPS_RUNNING_MS = 1000;

interface Watched extends RunExpectation {
  /** When this `up` started it (this side's clock); 0 when it was running already. */
  startedAt: number;
  /** Its readiness was its health check passing, not only running or listening. */
  healthy: boolean;
}

export class FailureWatch {
  private readonly watched = new Map<string, Watched>();
  private readonly stopped = new AbortController();
  private settle = false;

  constructor(
    private readonly ctx: SetContext,
    private readonly now: () => number = Date.now,
  ) {}

  add(containerId: string, watched: Watched): void {
    this.watched.set(containerId, watched);
  }

  /** Resolves once stopped (after a last look); rejects with the first failure it sees. */
  async run(signal?: AbortSignal): Promise<void> {
    const pause = AbortSignal.any([this.stopped.signal, ...(signal ? [signal] : [])]);
    while (!this.stopped.signal.aborted) {
      await this.look(signal);
      await sleep(POLL_MS, pause).catch((err: unknown) => {
        if (signal?.aborted) throw err;
      });
    }
    if (this.settle) {
      const youngest = Math.max(0, ...[...this.watched.values()].filter((w) => !w.healthy).map((w) => w.startedAt));
      const wait = youngest + KEEPS_RUNNING_MS - this.now();
      if (wait > 0) await sleep(wait, signal);
    }
    await this.look(signal);
  }

  /** `settle`: the set is otherwise ready; give young containers their moment before the last look. */
  stop(settle: boolean): void {
    this.settle = settle;
    this.stopped.abort();
  }

  private async look(signal?: AbortSignal): Promise<void> {
    for (const [id, expect] of this.watched) {
      const details = await this.ctx.engine.inspectContainer(id);
      if (!details) continue;
      const verdict = verdictOf(details, expect);
      if (verdict === 'exited' || verdict === 'restarted') throw await serviceFailedError(this.ctx, details, verdict, signal);
    }
  }
}
