/**
 * The engine's read-only calls (ping, version, list and inspect), sent over its socket with
 * node:http instead of dockerode. Loading dockerode costs about a second of CPU (docker-modem
 * pulls in ssh2, gRPC and protobufjs): more than the whole work of `status` or `ls`, which only
 * read. docker-engine.ts loads dockerode on its first call that changes something.
 *
 * Answers and failures have dockerode's shapes (the parsed JSON; an Error with statusCode,
 * reason and json, or the socket's error code), so docker-errors.ts maps both the same way,
 * and every request gets the same bounds (request-limits.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type Docker from 'dockerode';
import { limitRequest, type RequestLimits } from './request-limits.js';

/** How the engine is reached: a unix socket, or TCP (with TLS when the certificates are given). */
export type ReadTarget =
  | { socketPath: string }
  | { host: string; port: number; tls?: { ca: Buffer; cert: Buffer; key: Buffer } };

type Query = Record<string, string | number | boolean | object | undefined>;

export class DockerReads {
  constructor(
    private readonly target: ReadTarget,
    private readonly limits: RequestLimits,
  ) {}

  ping(abortSignal?: AbortSignal): Promise<unknown> {
    return this.get('/_ping', {}, abortSignal);
  }

  version(): Promise<Docker.DockerVersion> {
    return this.get('/version') as Promise<Docker.DockerVersion>;
  }

  listContainers(query: { all?: boolean; filters?: object }): Promise<Docker.ContainerInfo[]> {
    return this.get('/containers/json', query) as Promise<Docker.ContainerInfo[]>;
  }

  inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    return this.get(`/containers/${encodeURIComponent(id)}/json`) as Promise<Docker.ContainerInspectInfo>;
  }

  listNetworks(query: { filters?: object }): Promise<Docker.NetworkInspectInfo[]> {
    return this.get('/networks', query) as Promise<Docker.NetworkInspectInfo[]>;
  }

  inspectNetwork(id: string): Promise<Docker.NetworkInspectInfo> {
    return this.get(`/networks/${encodeURIComponent(id)}`) as Promise<Docker.NetworkInspectInfo>;
  }

  listVolumes(query: { filters?: object }): Promise<{ Volumes?: Docker.VolumeInspectInfo[] | null }> {
    return this.get('/volumes', query) as Promise<{ Volumes?: Docker.VolumeInspectInfo[] | null }>;
  }

  inspectVolume(name: string): Promise<Docker.VolumeInspectInfo> {
    return this.get(`/volumes/${encodeURIComponent(name)}`) as Promise<Docker.VolumeInspectInfo>;
  }

  listImages(query: { filters?: object }): Promise<Docker.ImageInfo[]> {
    return this.get('/images/json', query) as Promise<Docker.ImageInfo[]>;
  }

  /** An image reference keeps its slashes in the path, as the docker CLI sends it. */
  inspectImage(ref: string): Promise<Docker.ImageInspectInfo> {
    return this.get(`/images/${encodeURI(ref)}/json`) as Promise<Docker.ImageInspectInfo>;
  }

  private get(path: string, query: Query = {}, abortSignal?: AbortSignal): Promise<unknown> {
    const request = { path: path + queryString(query), method: 'GET', ...(abortSignal ? { abortSignal } : {}) };
    return new Promise((resolve, reject) => {
      limitRequest(request, this.limits, (signal, done) => this.send(request.path, signal, done), (err, body) => (err ? reject(err) : resolve(body)));
    });
  }

  private send(path: string, signal: AbortSignal, done: (err: unknown, body?: unknown) => void): void {
    const t = this.target;
    const options: https.RequestOptions = { path, method: 'GET', signal, headers: { Accept: 'application/json' } };
    const req =
      'socketPath' in t
        ? http.request({ ...options, socketPath: t.socketPath })
        : t.tls
          ? https.request({ ...options, host: t.host, port: t.port, ...t.tls })
          : http.request({ ...options, host: t.host, port: t.port });
    req.on('error', (err) => done(err));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => done(err));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = parseJson(text) ?? text;
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return done(null, body);
        const message = body && typeof body === 'object' && 'message' in body ? String(body.message) : text.trim();
        // dockerode's form, which engineMessage() strips: "(HTTP code 404) unexpected - no such container: x"
        done(Object.assign(new Error(`(HTTP code ${status}) unexpected - ${message}`), { statusCode: status, reason: 'unexpected', json: body }));
      });
    });
    req.end();
  }
}

/** dockerode's encoding: objects (filters) as JSON, other values as they are. */
function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
