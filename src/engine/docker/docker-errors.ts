/**
 * dockerode's errors -> Testbed's typed errors. dockerode rejects with a plain Error that
 * carries the HTTP status and the engine's JSON body, or with a socket error code.
 */
import {
  EngineError,
  EngineTimeoutError,
  EngineUnreachableError,
  ImageNotFoundError,
  InterruptedError,
  NetworksExhaustedError,
  PortInUseError,
  SubnetTakenError,
  TestbedError,
} from '../../common/errors.js';
import { RequestTimeout } from './request-limits.js';

interface DockerodeError extends Error {
  statusCode?: number;
  code?: string;
  json?: unknown;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT']);

/** What the failed call was, to name it in the message. */
export interface ErrorContext {
  /** Where the engine is, e.g. unix:///var/run/docker.sock */
  endpoint: string;
  /** "create container web-1" */
  action: string;
  container?: string;
  image?: string;
}

export function statusOf(err: unknown): number | undefined {
  return (err as DockerodeError | undefined)?.statusCode;
}

export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

export function isAbort(err: unknown): boolean {
  const e = err as DockerodeError | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** The engine's own message, without dockerode's "(HTTP code 404) no such container - " prefix. */
export function engineMessage(err: unknown): string {
  const e = err as DockerodeError | undefined;
  const json = e?.json;
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  const message = e instanceof Error ? e.message : String(err);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Maps any error from a dockerode call; Testbed errors pass through unchanged. */
export function toTestbedError(err: unknown, context: ErrorContext): TestbedError {
  if (err instanceof TestbedError) return err;
  if (err instanceof RequestTimeout) return new EngineTimeoutError(context.endpoint, context.action, err.timeoutMs, { cause: err });
  const e = err as DockerodeError | undefined;
  if (isAbort(err)) return new InterruptedError();
  if (e?.statusCode === undefined && e?.code && UNREACHABLE_CODES.has(e.code)) {
    return new EngineUnreachableError(context.endpoint, err);
  }
  const message = engineMessage(err);
  const portClash = parsePortClash(message);
  if (portClash) {
    return new PortInUseError(
      `cannot publish ${portClash} for container ${context.container ?? '?'}: the address is already in use on the host`,
      {
        hint: `Stop what listens on ${portClash} (ss -ltnp shows it), or publish the service on another port or address.`,
        cause: err,
        details: { address: portClash, container: context.container },
      },
    );
  }
  if (/non-overlapping IPv[46] address pool|address pools? (?:have been|are|is) (?:fully )?(?:subnetted|exhausted)/i.test(message)) {
    return new NetworksExhaustedError(`cannot ${context.action}: the engine has no address range left for another network (${message})`, {
      hint:
        'Its default address pools hold about 31 networks. Remove networks that are no longer needed (testbed ls; testbed destroy SET; ' +
        'docker network ls), or let Testbed give networks ranges from its own pool: unset TESTBED_ADDRESS_POOL, or set it to a range such as ' +
        '10.199.0.0/16/24 (README: Networks). A file\'s ipam ranges are the file\'s to change.',
      cause: err,
    });
  }
  if (/pool overlaps with other one on this address space|overlaps with (?:other|another) (?:one|network)/i.test(message)) {
    return new SubnetTakenError(`cannot ${context.action}: its address range overlaps one that another network on the engine has`, {
      hint: 'docker network ls and docker network inspect show which; give the network another ipam subnet, or remove the other network.',
      cause: err,
    });
  }
  if (e?.statusCode === 404 && /no such image/i.test(message)) {
    return new ImageNotFoundError(context.image ?? imageIn(message), { cause: err });
  }
  if (e?.statusCode === 409 && /already in use/i.test(message)) {
    return new EngineError(`cannot ${context.action}: ${message}`, {
      hint: 'Something else already has that name: remove it (docker rm -f <name>) or use another set name.',
      cause: err,
    });
  }
  return new EngineError(`cannot ${context.action}: ${message}`, { cause: err });
}

/** "127.77.0.9:8080" from Docker's "Bind for ... failed: port is already allocated" or "listen tcp4 ...: bind: address already in use". */
export function parsePortClash(message: string): string | undefined {
  if (!/port is already allocated|address already in use/i.test(message)) return undefined;
  const match =
    /Bind for (\S+?) failed/i.exec(message) ?? /listen (?:tcp|udp|sctp)[46]? (\S+?): bind/i.exec(message);
  return match?.[1] ?? 'a host port';
}

function imageIn(message: string): string {
  return /no such image: (\S+)/i.exec(message)?.[1] ?? 'the image';
}
