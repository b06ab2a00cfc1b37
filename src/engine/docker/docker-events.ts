/**
 * The engine's event stream (GET /events): one JSON object per line, read until the caller's
 * signal aborts. The stream ending or failing otherwise is an EngineError, so a watcher knows its
 * view has stopped being live.
 */
import type { Readable } from 'node:stream';
import { EngineError } from '../../common/errors.js';
import type { EngineEvent } from '../engine.js';
import { LineSplitter } from './docker-stream.js';

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

export function readEvents(stream: Readable, onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
  const lines = new LineSplitter();
  return new Promise<void>((resolve, reject) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) if (line.trim()) onEvent(toEngineEvent(JSON.parse(line) as RawEvent));
    });
    stream.on('error', (err: Error) => (signal.aborted ? resolve() : reject(new EngineError(`the engine's event stream failed: ${err.message}`))));
    stream.on('end', () => {
      signal.removeEventListener('abort', stop);
      if (signal.aborted) resolve();
      else reject(new EngineError('the engine closed its event stream'));
    });
  });
}

function toEngineEvent(raw: RawEvent): EngineEvent {
  return {
    type: raw.Type ?? 'container',
    action: raw.Action ?? raw.status ?? '',
    id: raw.Actor?.ID ?? raw.id ?? '',
    labels: raw.Actor?.Attributes ?? {},
    time: raw.timeNano ? new Date(raw.timeNano / 1e6) : new Date((raw.time ?? 0) * 1000),
  };
}
