/**
 * Keeps looking at the containers that were ready while the rest of the set comes up: a
 * service that crashes after it was ready, while another still starts or a job runs, fails
 * `up` at once instead of leaving a broken set that says it is ready.
 */
import type { Engine } from '../engine/engine.js';
import { sleep } from './abort.js';
import { serviceFailedError, verdictOf, type RunExpectation } from './service-failure.js';

const POLL_MS = 500;

export class FailureWatch {
  private readonly watched = new Map<string, RunExpectation>();
  private readonly stopped = new AbortController();

  constructor(private readonly engine: Engine) {}

  add(containerId: string, expect: RunExpectation): void {
    this.watched.set(containerId, expect);
  }

  /** Resolves once stopped (after a last look); rejects with the first failure it sees. */
  async run(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const last = this.stopped.signal.aborted;
      await this.look(signal);
      if (last) return;
      await sleep(POLL_MS, AbortSignal.any([this.stopped.signal, ...(signal ? [signal] : [])])).catch((err: unknown) => {
        if (signal?.aborted) throw err;
      });
    }
  }

  stop(): void {
    this.stopped.abort();
  }

  private async look(signal?: AbortSignal): Promise<void> {
    for (const [id, expect] of this.watched) {
      const details = await this.engine.inspectContainer(id);
      if (!details) continue;
      const verdict = verdictOf(details, expect);
      if (verdict === 'exited' || verdict === 'restarted') throw await serviceFailedError(this.engine, details, verdict, signal);
    }
  }
}
