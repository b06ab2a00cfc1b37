/**
 * The engine's JSON progress streams (pull, push, import): read to the end, because a failure
 * part-way is reported inside the stream of an HTTP 200, with each status line passed on.
 */
import type Docker from 'dockerode';
import type { BuildProgress } from '../engine.js';

export interface ProgressEvent {
  status?: string;
  stream?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Every event of the stream; rejects with the first failure it reports. */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onProgress: (p: BuildProgress) => void = () => {}): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err) reject(err);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve(events ?? []);
      },
      (event: ProgressEvent) => {
        if (event.status) onProgress({ line: [event.id, event.status, event.progress].filter(Boolean).join(' ') });
      },
    );
  });
}
