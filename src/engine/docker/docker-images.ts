/**
 * Image operations beyond build and pull: commit, tag, push, import, save and load. The
 * engine answers push, import and load with a JSON progress stream that may report a failure
 * inside an HTTP 200, so each stream is read to its end.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { BuildProgress, CommitOptions, RegistryAuth } from '../engine.js';
import { LineSplitter } from './docker-stream.js';
import { followProgress, type ProgressEvent } from './follow-progress.js';


/**
 * POST /commit. The engine merges the container's configuration into the one given (every
 * label and every variable name it lacks), so the given one names them all: labels not asked
 * for are blanked, and with baseConfig the variables only the container set keep no value.
 */
export async function commitContainer(docker: Docker, id: string, options: CommitOptions): Promise<string> {
  const container = await docker.getContainer(id).inspect();
  const image = options.baseConfig ? (await docker.getImage(container.Image).inspect()).Config : undefined;
  const labels: Record<string, string> = {};
  for (const key of Object.keys(container.Config.Labels ?? {})) labels[key] = '';
  Object.assign(labels, options.labels);
  const config: Record<string, unknown> = image
    ? {
        Cmd: image.Cmd,
        // The engine fills a missing entrypoint from the container's (a helper run with its own
        // command, capture-service.ts); an empty one stays empty.
        Entrypoint: image.Entrypoint ?? [],
        User: image.User,
        WorkingDir: image.WorkingDir,
        Healthcheck: image.Healthcheck,
        StopSignal: (image as { StopSignal?: string }).StopSignal,
        Env: baseEnvironment(image.Env ?? [], container.Config.Env ?? []),
        Labels: labels,
      }
    : { Labels: labels };
  const result = (await docker.getContainer(id).commit({
    _query: {
      container: id,
      pause: false,
      ...(options.repository ? { repo: options.repository, tag: options.tag ?? 'latest' } : {}),
      ...(options.changes?.length ? { changes: options.changes } : {}),
    },
    _body: config,
  })) as { Id: string };
  return result.Id;
}

/** The image's own variables, then the names (no values) of those only the container has. */
export function baseEnvironment(imageEnv: string[], containerEnv: string[]): string[] {
  const keyOf = (entry: string) => entry.split('=', 1)[0]!;
  const inImage = new Set(imageEnv.map(keyOf));
  return [...imageEnv, ...containerEnv.map(keyOf).filter((key) => !inImage.has(key))];
}

export async function pushImage(
  docker: Docker,
  ref: string,
  auth: RegistryAuth | undefined,
  onProgress: (p: BuildProgress) => void = () => {},
): Promise<void> {
  const { repository, tag } = splitTag(ref);
  const stream = (await docker.getImage(repository).push({ tag, ...(auth ? { authconfig: auth } : {}) })) as NodeJS.ReadableStream;
  await followProgress(docker, stream, onProgress);
}

export async function importImage(docker: Docker, tar: Readable, repository: string, tag: string, changes: string[]): Promise<string> {
  const stream = (await docker.importImage(tar as unknown as string, { repo: repository, tag, ...(changes.length ? { changes } : {}) })) as NodeJS.ReadableStream;
  const events = await followProgress(docker, stream);
  const id = events.map((e) => e.status ?? '').find((s) => s.startsWith('sha256:'));
  return id ?? `${repository}:${tag}`;
}

export async function saveImages(docker: Docker, refs: string[]): Promise<Readable> {
  // Missing from dockerode's typings: GET /images/get?names=...
  const withSave = docker as unknown as { getImages(options: { names: string[] }): Promise<Readable> };
  return withSave.getImages({ names: refs });
}

/** Resolves with what the engine reports as loaded: references, or ids for untagged images. */
export async function loadImages(docker: Docker, tar: Readable): Promise<string[]> {
  const stream = (await docker.loadImage(tar as unknown as string)) as NodeJS.ReadableStream;
  const loaded: string[] = [];
  const lines = new LineSplitter();
  const take = (line: string) => {
    if (!line.trim()) return;
    const event = JSON.parse(line) as ProgressEvent;
    if (event.error || event.errorDetail) throw new Error(event.errorDetail?.message ?? event.error);
    const m = /^Loaded image(?: ID)?: (\S+)/.exec(event.stream?.trim() ?? '');
    if (m) loaded.push(m[1]!);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) for (const line of lines.push(chunk)) take(line);
  for (const line of lines.flush()) take(line);
  return loaded;
}


/** "host:5000/team/app:v1" -> repository and tag (latest when none); the port's colon is not a tag. */
export function splitTag(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
  return { repository: name, tag: 'latest' };
}
