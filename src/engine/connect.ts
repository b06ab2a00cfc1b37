/**
 * Finds the engine the way the docker CLI does (DOCKER_HOST, else the default socket),
 * falls back to Podman's socket when Docker's is absent, and checks that it answers.
 * Every request it then makes is bounded (TESTBED_ENGINE_TIMEOUT) and abandoned on the
 * caller's signal (see docker/request-limits.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { EngineTimeoutError, EngineUnreachableError, InterruptedError, UsageError } from '../common/errors.js';
import { createLogger } from '../common/logger.js';
import { parseDuration } from '../common/duration.js';
import { DockerEngine } from './docker/docker-engine.js';
import { DockerReads, type ReadTarget } from './docker/docker-reads.js';
import { limitRequests, RequestTimeout, type RequestLimits } from './docker/request-limits.js';
import type { Engine } from './engine.js';

const DOCKER_SOCKET = '/var/run/docker.sock';
/** How long connecting may take: a host that does not take the connection by then is not there. */
const CONNECT_TIMEOUT_MS = 3000;
/** How long one engine call may go unanswered, unless TESTBED_ENGINE_TIMEOUT says otherwise. */
export const DEFAULT_ENGINE_TIMEOUT_MS = 60_000;

export type Endpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; host: string; port: number; tls?: { certPath: string }; url: string };

type Env = Record<string, string | undefined>;

export interface ConnectOptions {
  env?: Env;
  exists?: (p: string) => boolean;
  /** Aborting it abandons every engine call in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** How long one call may go unanswered (0: no bound); default TESTBED_ENGINE_TIMEOUT, else 60 s. */
  timeoutMs?: number;
}

const log = createLogger('engine:connect');

/** Where the engine should be, from the environment alone. Does not connect. */
export function resolveEndpoint(env: Env, exists: (p: string) => boolean): Endpoint {
  const host = env.DOCKER_HOST?.trim();
  if (host) return parseDockerHost(host, env);
  if (exists(DOCKER_SOCKET)) return unix(DOCKER_SOCKET);
  const podmanSockets = [
    ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
  const podman = podmanSockets.find((p) => exists(p));
  // With nothing found, name Docker's default, which is what users expect to start.
  return unix(podman ?? DOCKER_SOCKET);
}

export async function connectEngine(options: ConnectOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const endpoint = resolveEndpoint(env, options.exists ?? existsSync);
  if (options.signal?.aborted) throw new InterruptedError();
  const timeoutMs = options.timeoutMs ?? engineTimeout(env);
  const limits: RequestLimits = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const tls = endpoint.kind === 'tcp' && endpoint.tls ? readCerts(endpoint.tls.certPath) : undefined;
  const reads = new DockerReads(readTarget(endpoint, tls), limits);
  log.debug(`Pinging engine at ${endpoint.url}...`);
  // Connecting is bounded short, answering by the engine timeout: an engine that took the
  // connection is there, and may be slow to answer when many commands start at once.
  await connectable(endpoint, options.signal);
  try {
    // Bounded by the engine timeout like every call (limitRequest).
    await reads.ping();
  } catch (err) {
    if (options.signal?.aborted) throw new InterruptedError();
    log.debug(`Failed to ping engine at ${endpoint.url}: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof RequestTimeout) throw new EngineTimeoutError(endpoint.url, 'answer a ping', err.timeoutMs, { cause: err });
    throw new EngineUnreachableError(endpoint.url, err);
  }
  log.debug(`Pinged engine at ${endpoint.url}`);
  // dockerode is loaded by the first call that changes something (see docker/docker-reads.ts).
  const loadClient = async () => {
    const { default: Dockerode } = await import('dockerode');
    const docker = new Dockerode(dockerOptions(endpoint, tls));
    limitRequests(docker.modem, limits);
    return docker;
  };
  return new DockerEngine(reads, loadClient, endpoint.url, isLocal(endpoint));
}

/** Resolves once a connection to the endpoint is taken (and closes it); unreachable otherwise. */
function connectable(endpoint: Endpoint, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = endpoint.kind === 'unix' ? net.createConnection({ path: endpoint.socketPath }) : net.createConnection({ host: endpoint.host, port: endpoint.port });
    const onAbort = () => fail(signal?.reason);
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    };
    const fail = (err: unknown) => {
      done();
      reject(signal?.aborted ? new InterruptedError() : new EngineUnreachableError(endpoint.url, err));
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new Error(`no connection in ${CONNECT_TIMEOUT_MS} ms`)));
    socket.once('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      done();
      resolve();
    });
  });
}

/** TESTBED_ENGINE_TIMEOUT: a duration ("90s", "5m") or seconds; 0 turns the bound off. */
export function engineTimeout(env: Env): number {
  const text = env.TESTBED_ENGINE_TIMEOUT?.trim();
  if (!text) return DEFAULT_ENGINE_TIMEOUT_MS;
  const duration = parseDuration(text, 'option');
  if (duration.ok) return duration.value;
  throw new UsageError(`TESTBED_ENGINE_TIMEOUT=${text} is not a duration`, {
    hint: 'Give it as seconds or a duration, e.g. TESTBED_ENGINE_TIMEOUT=90s or 5m (0 waits without limit).',
  });
}

/** Ports the engine publishes are this machine's: a unix socket, or TCP to a loopback address. */
function isLocal(endpoint: Endpoint): boolean {
  if (endpoint.kind === 'unix') return true;
  return endpoint.host === 'localhost' || endpoint.host === '::1' || /^127\./.test(endpoint.host);
}

function parseDockerHost(host: string, env: Env): Endpoint {
  if (host.startsWith('unix://')) return unix(host.slice('unix://'.length) || DOCKER_SOCKET);
  const withScheme = host.includes('://') ? host : `tcp://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw unsupported(host);
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') throw unsupported(host);
  // Like the docker CLI: any non-empty DOCKER_TLS_VERIFY turns TLS on.
  const verify = Boolean(env.DOCKER_TLS_VERIFY) || url.protocol === 'https:';
  const port = url.port ? Number(url.port) : verify ? 2376 : 2375;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const certPath = env.DOCKER_CERT_PATH || path.join(env.HOME ?? os.homedir(), '.docker');
  return {
    kind: 'tcp',
    host: hostname,
    port,
    ...(verify ? { tls: { certPath } } : {}),
    url: `tcp://${url.host.includes(':') ? url.host : `${url.host}:${port}`}`,
  };
}

function unix(socketPath: string): Endpoint {
  return { kind: 'unix', socketPath, url: `unix://${socketPath}` };
}

const SUPPORTED = 'unix:///path/to/docker.sock, tcp://host:port (http:// is the same; https:// or DOCKER_TLS_VERIFY=1 for TLS)';

function unsupported(host: string): UsageError {
  if (/^ssh:\/\//i.test(host)) {
    // The docker CLI runs the system's ssh (with ~/.ssh/config, known_hosts, agents); doing it
    // half inside Node would skip host key checks or config users rely on.
    const url = URL.canParse(host) ? new URL(host) : undefined;
    const target = url ? `${url.port ? `-p ${url.port} ` : ''}${url.username ? `${url.username}@` : ''}${url.hostname}` : 'user@host';
    return new UsageError(`DOCKER_HOST=${host}: Testbed does not reach engines over ssh://; it supports ${SUPPORTED}`, {
      hint:
        'Forward the remote socket with ssh and point DOCKER_HOST at it:\n' +
        `ssh -nNT -L /tmp/testbed-docker.sock:/var/run/docker.sock ${target} &\n` +
        'DOCKER_HOST=unix:///tmp/testbed-docker.sock testbed ...',
    });
  }
  return new UsageError(`DOCKER_HOST=${host} is not an address Testbed can use; it supports ${SUPPORTED}`, {
    hint: 'Set DOCKER_HOST to one of those, or unset it to use the local engine (/var/run/docker.sock).',
  });
}

type Certs = { ca: Buffer; cert: Buffer; key: Buffer };

function readTarget(endpoint: Endpoint, tls: Certs | undefined): ReadTarget {
  if (endpoint.kind === 'unix') return { socketPath: endpoint.socketPath };
  return { host: endpoint.host, port: endpoint.port, ...(tls ? { tls } : {}) };
}

/** Every connection field is set, so nothing leaks in from dockerode's own reading of process.env. */
function dockerOptions(endpoint: Endpoint, tls: Certs | undefined): Docker.DockerOptions {
  if (endpoint.kind === 'unix') {
    return { socketPath: endpoint.socketPath, host: undefined, port: undefined, protocol: 'http', timeout: undefined };
  }
  return {
    socketPath: undefined,
    host: endpoint.host,
    port: endpoint.port,
    protocol: tls ? 'https' : 'http',
    ca: tls?.ca,
    cert: tls?.cert,
    key: tls?.key,
    // No idle timeout: followed logs and long builds are silent for minutes.
    timeout: undefined,
  };
}

function readCerts(certPath: string): Certs {
  try {
    return {
      ca: readFileSync(path.join(certPath, 'ca.pem')),
      cert: readFileSync(path.join(certPath, 'cert.pem')),
      key: readFileSync(path.join(certPath, 'key.pem')),
    };
  } catch (err) {
    throw new UsageError(`cannot read the TLS certificates in ${certPath}: ${(err as Error).message}`, {
      hint: 'Set DOCKER_CERT_PATH to a folder with ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY.',
      cause: err,
    });
  }
}
