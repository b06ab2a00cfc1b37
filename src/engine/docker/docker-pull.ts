/**
 * The engine's own pull, with its progress as lines. A pull that fails part-way reports
 * the failure inside the JSON stream (HTTP 200), so the stream is read to the end.
 */
import type Docker from 'dockerode';
import type { BuildProgress, RegistryAuth } from '../engine.js';

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export async function pullImage(
  docker: Docker,
  ref: string,
  onProgress: (p: BuildProgress) => void = () => {},
  auth?: RegistryAuth,
): Promise<void> {
  const stream = (await docker.pull(ref, auth ? { authconfig: auth } : {})) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: PullEvent[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err) reject(err);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve();
      },
      (event: PullEvent) => {
        if (event.status) onProgress({ line: [event.id, event.status, event.progress].filter(Boolean).join(' ') });
      },
    );
  });
}
