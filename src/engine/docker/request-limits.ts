/**
 * Bounds on every request to the engine, put where dockerode sends them all (the modem's dial),
 * so that no call is left out: an engine that accepts connections and then never answers makes
 * a call fail with ENGINE_TIMEOUT instead of hanging, and an interrupt (Ctrl-C) abandons every
 * request in flight at once instead of waiting for answers that may never come.
 *
 * What is bounded is the wait for the engine's answer: the whole answer of a plain call, the
 * start of a streamed one (logs, build output, pull progress, exec output, attach, archives).
 * What follows the start of a stream is bounded by its own options (a job's or test's timeout,
 * a readiness deadline) or by the user: a followed log or a quiet build step may rightly be
 * silent for a long time.
 */
import type DockerModem from 'docker-modem';
import { HELPER_LABEL } from '../../plan/snapshot-specs.js';

export interface RequestLimits {
  /** Longest wait for an answer; 0 turns the bound off. */
  timeoutMs: number;
  /** Aborts every request in flight; requests made after it get AFTER_INTERRUPT_MS at most. */
  signal?: AbortSignal;
}

/** Requests made after an interrupt are cleanup (removing a one-off container): they may not hang either. */
export const AFTER_INTERRUPT_MS = 5000;

/** Calls whose answer comes only after work proportional to data (commit, image and volume removal, uploads). */
export const HEAVY_FACTOR = 10;

/** The engine did not answer one request in time; engine/ turns it into EngineTimeoutError, naming the call. */
export class RequestTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly request: string,
  ) {
    super(`no answer to ${request} in ${timeoutMs}ms`);
    this.name = 'RequestTimeout';
  }
}

type Dial = DockerModem['dial'];
type DialOptions = Parameters<Dial>[0];
type Callback = NonNullable<Parameters<Dial>[1]>;

const HEAVY: { method?: string; path: RegExp }[] = [
  { path: /^\/commit$/ },
  { path: /^\/build$/ },
  { path: /^\/images\/(load|create|get)$/ },
  { path: /^\/images\/.+\/push$/ },
  { method: 'DELETE', path: /^\/(images|containers|volumes)\// },
  { method: 'PUT', path: /^\/containers\/[^/]+\/archive$/ },
];

export function limitRequests(modem: DockerModem, limits: RequestLimits): void {
  const dial: Dial = modem.dial.bind(modem);
  modem.dial = (options: DialOptions, callback?: Callback) => {
    limitRequest(options, limits, (abortSignal, done) => dial({ ...options, abortSignal }, done), (err, result) => callback?.(err as never, (err ? null : result) as never));
  };
}

/** What limitRequest needs to know of a request: dockerode's dial options, or docker-reads.ts's. */
export type LimitedRequest = Pick<DialOptions, 'path' | 'method' | 'file' | 'options' | 'abortSignal'>;

/**
 * Sends one request under the limits: `send` gets the signal that abandons it, and `callback`
 * is called once, with the answer, the request's own error, or a RequestTimeout.
 */
export function limitRequest<T>(
  options: LimitedRequest,
  limits: RequestLimits,
  send: (signal: AbortSignal, done: (err: unknown, result?: T) => void) => void,
  callback: (err: unknown, result?: T) => void,
): void {
  const interrupted = limits.signal?.aborted ?? false;
  const bound = deadline(options, limits.timeoutMs);
  const ms = interrupted ? Math.min(bound ?? AFTER_INTERRUPT_MS, AFTER_INTERRUPT_MS) : bound;
  const own = new AbortController();
  const signals = [own.signal, options.abortSignal, interrupted ? undefined : limits.signal].filter((s): s is AbortSignal => s !== undefined);
  let answered = false;
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => {
          if (answered) return;
          answered = true;
          own.abort();
          callback(new RequestTimeout(ms, describe(options)), undefined);
        }, ms);
  send(AbortSignal.any(signals), (err, result) => {
    clearTimeout(timer);
    if (answered) return;
    answered = true;
    callback(err, result);
  });
}

/** How long the answer to this request may take; undefined: unbounded here (the caller bounds it). */
export function deadline(options: Pick<DialOptions, 'path' | 'method' | 'file' | 'options'>, timeoutMs: number): number | undefined {
  if (!timeoutMs) return undefined;
  const path = pathOf(options.path);
  // Waiting for a container to stop is bounded by readiness deadlines and job timeouts.
  if (/^\/containers\/[^/]+\/wait$/.test(path)) return undefined;
  if (/^\/containers\/[^/]+\/(stop|restart)$/.test(path)) {
    const t = Number((options.options as { t?: unknown } | undefined)?.t);
    // Without t, the container's own stop grace period applies, which is not known here.
    return Number.isFinite(t) ? timeoutMs + t * 1000 : timeoutMs * HEAVY_FACTOR;
  }
  const method = (options.method ?? 'GET').toUpperCase();
  const heavy =
    options.file !== undefined || HEAVY.some((h) => (h.method === undefined || h.method === method) && h.path.test(path)) || fillsVolumes(path, options.options);
  return heavy ? timeoutMs * HEAVY_FACTOR : timeoutMs;
}

/**
 * Creating a snapshot's helper container: the engine fills the (empty) volumes it mounts from
 * the image's content before it answers, which takes as long as the data is large.
 */
function fillsVolumes(path: string, body: unknown): boolean {
  if (path !== '/containers/create') return false;
  const labels = (body as { Labels?: Record<string, string> } | undefined)?.Labels;
  return labels?.[HELPER_LABEL] !== undefined;
}

/** "/v1.41/containers/abc/json?" -> "/containers/abc/json" */
function pathOf(path: string): string {
  return path.split('?')[0]!.replace(/^\/v\d+\.\d+(?=\/)/, '');
}

function describe(options: Pick<DialOptions, 'path' | 'method'>): string {
  return `${(options.method ?? 'GET').toUpperCase()} ${pathOf(options.path)}`;
}
