/**
 * What a path in a container is (HEAD /containers/{id}/archive): its stat comes in a base64 JSON
 * header, or undefined when the path does not exist. Errors keep dockerode's shape, for
 * toTestbedError to map.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { PathStat } from '../engine.js';
import { isNotFound } from './docker-errors.js';

export async function statContainerPath(container: Docker.Container, path: string): Promise<PathStat | undefined> {
  const response = (await container.infoArchive({ path }).catch(async (err: unknown) => {
    if (isNotFound(err)) return undefined;
    // A HEAD answer has no body: ask again with a GET of a path below, whose error says why.
    throw await container.getArchive({ path: `${path.replace(/\/+$/, '')}/.testbed-stat-reason` }).then(
      (stream: NodeJS.ReadableStream) => {
        (stream as Readable).destroy();
        return err;
      },
      (reason: unknown) => (isNotFound(reason) ? err : reason),
    );
  })) as (Readable & { headers?: Record<string, string | undefined> }) | undefined;
  if (!response) return undefined;
  response.resume();
  const header = response.headers?.['x-docker-container-path-stat'];
  const stat = header ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Partial<PathStat>) : {};
  return { name: stat.name ?? '', size: stat.size ?? 0, mode: stat.mode ?? 0, linkTarget: stat.linkTarget ?? '' };
}
