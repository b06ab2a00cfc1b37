/**
 * Stops a running command once: on its timeout or on the caller's abort, whichever comes first,
 * and remembers which it was, so the caller can report a timeout or throw an interrupt.
 */
export class Stopper {
  timedOut = false;
  aborted = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.fire('abort');
  private fired = false;

  constructor(
    private readonly stop: () => void,
    timeoutMs: number | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (timeoutMs !== undefined) this.timer = setTimeout(() => this.fire('timeout'), timeoutMs);
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private fire(why: 'timeout' | 'abort'): void {
    if (why === 'timeout') this.timedOut = true;
    else this.aborted = true;
    if (this.fired) return;
    this.fired = true;
    this.stop();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
