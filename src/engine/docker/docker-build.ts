/**
 * Image builds with the engine's own builder: the context is tarred here (honouring
 * .dockerignore, like the docker CLI does) and the JSON progress stream is read line by line.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack, type PackOptions } from 'tar-fs';
import { listContextFiles, toContextPath } from '../../common/build-context.js';
import { BuildError, InterruptedError } from '../../common/errors.js';
import type { BuildProgress } from '../engine.js';
import type { BuildSpec } from '../../plan/specs.js';
import { engineMessage, isAbort } from './docker-errors.js';
import { LineSplitter } from './docker-stream.js';
import { RequestTimeout } from './request-limits.js';

const KEPT_LINES = 20;

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Where build.dockerfile_inline is put in the context sent to the engine. */
const INLINE_DOCKERFILE = '.testbed-inline.Dockerfile';

/** The build options beyond the common ones, as the Engine API's build query parameters. */
function buildQuery(spec: BuildSpec): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (spec.tags?.length) query.t = [spec.tag, ...spec.tags];
  if (spec.cacheFrom?.length) query.cachefrom = JSON.stringify(spec.cacheFrom);
  if (spec.network !== undefined) query.networkmode = spec.network;
  if (spec.pull !== undefined) query.pull = spec.pull;
  if (spec.shmSize !== undefined) query.shmsize = spec.shmSize;
  if (spec.extraHosts?.length) query.extrahosts = spec.extraHosts.join(',');
  if (spec.ulimits?.length) query.ulimits = JSON.stringify(spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })));
  if (spec.platform !== undefined) query.platform = spec.platform;
  return query;
}

export async function buildImage(
  docker: Docker,
  spec: BuildSpec,
  onProgress: (p: BuildProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) throw new InterruptedError();
  const inline = spec.dockerfileInline;
  const dockerfile = inline === undefined ? toContextPath(spec.dockerfile) : INLINE_DOCKERFILE;
  if (inline === undefined) {
    try {
      await access(path.join(spec.context, dockerfile));
    } catch {
      throw new BuildError(`cannot build ${spec.tag}: there is no ${dockerfile} in ${spec.context}`, {
        hint: 'Check build.context and build.dockerfile; the Dockerfile path is relative to the context.',
      });
    }
  }
  const files = (await listContextFiles(spec.context, dockerfile)).filter((f) => f !== INLINE_DOCKERFILE || inline === undefined);
  // umask 0 (missing from the typings): file modes reach the image as on disk, as with the docker CLI.
  const packOptions: PackOptions & { umask: number } = { entries: files, umask: 0 };
  if (inline !== undefined) {
    // build.dockerfile_inline: the text goes into the context as the Dockerfile the engine reads.
    packOptions.finalize = false;
    packOptions.finish = (archive) => {
      archive.entry({ name: INLINE_DOCKERFILE, mode: 0o644 }, inline);
      archive.finalize();
    };
  }
  const context = pack(spec.context, packOptions);

  const output = new BuildOutput(onProgress);
  let response: Readable;
  try {
    // tar-fs packs with streamx streams, which pipe like Node's but do not share their type.
    response = (await docker.buildImage(context as unknown as NodeJS.ReadableStream, {
      t: spec.tag,
      dockerfile,
      buildargs: spec.args,
      labels: spec.labels,
      nocache: spec.noCache,
      rm: true,
      forcerm: true,
      ...(spec.target ? { target: spec.target } : {}),
      ...buildQuery(spec),
      ...(signal ? { abortSignal: signal } : {}),
    })) as unknown as Readable;
  } catch (err) {
    context.destroy();
    if (signal?.aborted || isAbort(err)) throw new InterruptedError();
    // Not the build's fault: the engine did not answer (mapped to ENGINE_TIMEOUT by the caller).
    if (err instanceof RequestTimeout) throw err;
    throw output.failure(spec.tag, engineMessage(err), err);
  }

  let failure: string | undefined;
  try {
    for await (const event of jsonLines(response)) {
      if (event.stream) output.write(event.stream);
      else if (event.status) output.write(`${event.status}\n`);
      if (event.error || event.errorDetail) failure = event.errorDetail?.message ?? event.error;
    }
  } catch (err) {
    if (signal?.aborted || isAbort(err)) throw new InterruptedError();
    throw output.failure(spec.tag, engineMessage(err), err);
  } finally {
    context.destroy();
  }
  output.end();
  if (signal?.aborted) throw new InterruptedError();
  if (failure !== undefined) throw output.failure(spec.tag, failure);
}

/** Passes builder output on as lines and keeps the last few and the current step for errors. */
class BuildOutput {
  private readonly splitter = new LineSplitter();
  private readonly last: string[] = [];
  private step: string | undefined;

  constructor(private readonly onProgress: (p: BuildProgress) => void) {}

  write(text: string): void {
    this.emit(this.splitter.push(Buffer.from(text)));
  }

  end(): void {
    this.emit(this.splitter.flush());
  }

  failure(tag: string, message: string, cause?: unknown): BuildError {
    this.end();
    const where = this.step ? ` at ${this.step}` : '';
    const tail = this.last.length > 0 ? `\n  last output:\n    ${this.last.join('\n    ')}` : '';
    return new BuildError(`building ${tag} failed${where}: ${message.trim()}${tail}`, {
      hint: 'Fix the Dockerfile step shown (or what it needs from the context), then run the command again.',
      cause,
      details: { image: tag, step: this.step, output: [...this.last] },
    });
  }

  private emit(lines: string[]): void {
    for (const line of lines) {
      if (!line.trim()) continue;
      if (/^Step \d+\/\d+ : /.test(line)) this.step = line;
      this.last.push(line);
      if (this.last.length > KEPT_LINES) this.last.shift();
      this.onProgress({ line });
    }
  }
}

/** The builder's stream is JSON objects, one a line, cut into chunks anywhere. */
async function* jsonLines(stream: Readable): AsyncGenerator<BuildEvent> {
  const splitter = new LineSplitter();
  const parse = (line: string): BuildEvent | undefined => {
    if (!line.trim()) return undefined;
    try {
      return JSON.parse(line) as BuildEvent;
    } catch {
      return { stream: `${line}\n` };
    }
  };
  for await (const chunk of stream) {
    for (const line of splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))) {
      const event = parse(line);
      if (event) yield event;
    }
  }
  for (const line of splitter.flush()) {
    const event = parse(line);
    if (event) yield event;
  }
}
