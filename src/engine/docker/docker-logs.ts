/**
 * A container's logs as lines. Following ends when the container stops (the engine closes
 * the stream) or when the caller's signal aborts; breaking out of the loop also ends it.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { LogLine, LogOptions } from '../engine.js';
import { toTestbedError } from './docker-errors.js';
import { StreamLines } from './docker-stream.js';

export async function* readLogs(
  docker: Docker,
  endpoint: string,
  containerId: string,
  options: LogOptions,
): AsyncGenerator<LogLine> {
  const { signal } = options;
  const context = { endpoint, action: `read the logs of container ${containerId}`, container: containerId };
  const container = docker.getContainer(containerId);
  let tty: boolean;
  try {
    tty = (await container.inspect()).Config.Tty;
  } catch (err) {
    throw toTestbedError(err, context);
  }
  if (signal?.aborted) return;

  const query = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(signal ? { abortSignal: signal } : {}),
  };
  let source: Readable;
  try {
    source = options.follow
      ? toReadable(await container.logs({ ...query, follow: true }))
      : Readable.from([asBuffer(await container.logs({ ...query, follow: false }))]);
  } catch (err) {
    if (signal?.aborted) return;
    throw toTestbedError(err, context);
  }

  const onAbort = () => source.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  const lines = new StreamLines(!tty);
  try {
    for await (const chunk of source) {
      yield* lines.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    }
  } catch (err) {
    if (!signal?.aborted) throw toTestbedError(err, context);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    source.destroy();
  }
  yield* lines.flush();
}

function toReadable(stream: NodeJS.ReadableStream): Readable {
  return stream instanceof Readable ? stream : new Readable().wrap(stream);
}

/** docker-modem parses a non-streamed body as JSON when it can, so TTY output like "42" may come back as a number. */
function asBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}
