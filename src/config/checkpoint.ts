/**
 * A point between the steps of loading where Ctrl-C takes effect. Parsing a large file is one
 * synchronous step of seconds, during which a SIGINT handler cannot run; yielding to the event
 * loop here lets it run (and abort the signal), so the next step does not begin.
 */
import { InterruptedError } from '../common/errors.js';

export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new InterruptedError('interrupted while loading the project');
}
