/**
 * A stand-in for a Kubernetes API server: a node:http server on 127.0.0.1 that plays recorded
 * responses in order and records every request it gets. No cluster can run on these machines;
 * this checks what Testbed sends, not what a cluster does with it.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path without the query. */
  path: string;
  status: number;
  /**
   * The recorded body: JSON, or text as it is (a log). "applied" stands for what an API server answers to an apply: the object
   * sent, with the fields the server sets (uid, resourceVersion, creationTimestamp, managedFields).
   */
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface RecordedApi {
  url: string;
  requests: RecordedRequest[];
  /** Exchanges no request asked for. */
  unplayed(): Exchange[];
  /** Requests no exchange answered. */
  unexpected: RecordedRequest[];
  close(): Promise<void>;
}

function applied(body: string, n: number): unknown {
  const object = JSON.parse(body) as { metadata: Record<string, unknown>; apiVersion: string };
  return {
    ...object,
    metadata: {
      ...object.metadata,
      uid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      resourceVersion: String(1000 + n),
      creationTimestamp: '2026-01-02T03:04:06Z',
      managedFields: [{ manager: 'testbed', operation: 'Apply', apiVersion: object.apiVersion, time: '2026-01-02T03:04:06Z', fieldsType: 'FieldsV1' }],
    },
  };
}

export async function startRecordedApi(exchanges: Exchange[]): Promise<RecordedApi> {
  const played = new Set<number>();
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const i = exchanges.findIndex((e, n) => !played.has(n) && e.method === request.method && e.path === request.path);
      res.setHeader('Content-Type', 'application/json');
      if (i < 0) {
        unexpected.push(request);
        res.statusCode = 404;
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `no recorded response for ${request.method} ${request.path}` }));
        return;
      }
      played.add(i);
      const exchange = exchanges[i]!;
      res.statusCode = exchange.status;
      if (typeof exchange.body === 'string' && exchange.body !== 'applied') {
        // Text, as a pod's log is.
        res.setHeader('Content-Type', 'text/plain');
        res.end(exchange.body);
        return;
      }
      res.end(JSON.stringify(exchange.body === 'applied' ? applied(request.body, i) : (exchange.body ?? {})));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    unplayed: () => exchanges.filter((_, n) => !played.has(n)),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A kubeconfig for the stand-in, with a bearer token (or the user given). */
export function kubeconfigFor(url: string, user: Record<string, unknown> = { token: 'recorded-token' }): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'recorded',
    clusters: [{ name: 'recorded', cluster: { server: url } }],
    users: [{ name: 'tester', user }],
    contexts: [{ name: 'recorded', context: { cluster: 'recorded', user: 'tester' } }],
  });
}
