/**
 * The engine's own pull, with its progress as lines (follow-progress.ts reads the stream to its
 * end: a pull that fails part-way reports it inside the stream).
 */
import type Docker from 'dockerode';
import type { BuildProgress, RegistryAuth } from '../engine.js';
import { followProgress } from './follow-progress.js';

export async function pullImage(
  docker: Docker,
  ref: string,
  onProgress: (p: BuildProgress) => void = () => {},
  auth?: RegistryAuth,
): Promise<void> {
  const stream = (await docker.pull(ref, auth ? { authconfig: auth } : {})) as NodeJS.ReadableStream;
  await followProgress(docker, stream, onProgress);
}
