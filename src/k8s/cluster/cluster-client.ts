/**
 * The Kubernetes API calls Testbed makes, over node:http(s). Apply is server-side apply:
 * PATCH with Content-Type application/apply-patch+yaml, fieldManager=testbed, force=true (Testbed
 * owns what it applies). The body is the object as JSON, which is YAML too, as kubectl sends it.
 *
 * Why not @kubernetes/client-node: its 2.x releases load undici 8, which needs Node >= 22.19,
 * while Testbed supports Node 20; this file is the one place to swap when that changes.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import { ClusterRequestError, ClusterUnreachableError } from './cluster-errors.js';
import { ExecCredentialSource } from './exec-credential.js';
import type { ClusterConnection } from './kubeconfig.js';
import { collectionPath, kindInfo, objectPath, type KindInfo } from '../kube-kinds.js';
import type { PlainObject } from '../kube-object.js';

export const FIELD_MANAGER = 'testbed';

export interface ListedObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
}

export interface ClusterClient {
  readonly context: string;
  apply(object: PlainObject): Promise<ListedObject>;
  get(kind: KindInfo, name: string, namespace?: string): Promise<ListedObject | undefined>;
  list(kind: KindInfo, namespace: string | undefined, labelSelector: string): Promise<ListedObject[]>;
  /** false when it was not there. */
  delete(kind: KindInfo, name: string, namespace?: string): Promise<boolean>;
  podLog(namespace: string, pod: string, container?: string): Promise<string>;
}

interface Response {
  status: number;
  body: string;
}

export class HttpClusterClient implements ClusterClient {
  readonly context: string;
  private readonly exec?: ExecCredentialSource;

  constructor(
    private readonly connection: ClusterConnection,
    env: Record<string, string | undefined> = process.env,
  ) {
    this.context = connection.context;
    if (connection.exec) this.exec = new ExecCredentialSource(connection.exec, connection.server, env);
  }

  private async send(method: string, path: string, query: Record<string, string>, body?: { contentType: string; text: string }): Promise<Response> {
    const c = this.connection;
    const url = new URL(c.server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'testbed' };
    const options: RequestOptions = { method, headers, timeout: 30_000 };
    if (c.caData) options.ca = c.caData;
    if (c.insecureSkipTlsVerify) options.rejectUnauthorized = false;
    if (c.tlsServerName) options.servername = c.tlsServerName;
    if (c.clientCertData) options.cert = c.clientCertData;
    if (c.clientKeyData) options.key = c.clientKeyData;
    const credential = this.exec ? await this.exec.get() : undefined;
    if (credential?.clientCertificateData) options.cert = credential.clientCertificateData;
    if (credential?.clientKeyData) options.key = credential.clientKeyData;
    const token = credential?.token ?? c.token ?? (c.tokenFile ? readFileSync(c.tokenFile, 'utf8').trim() : undefined);
    if (token) headers.Authorization = `Bearer ${token}`;
    else if (c.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    if (body) {
      headers['Content-Type'] = body.contentType;
      headers['Content-Length'] = String(Buffer.byteLength(body.text));
    }
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((done, fail) => {
      const req = send(url, options, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error('timed out after 30s')));
      req.on('error', (err) => fail(new ClusterUnreachableError(c.server, err)));
      if (body) req.write(body.text);
      req.end();
    });
  }

  private async call(method: string, path: string, query: Record<string, string> = {}, body?: { contentType: string; text: string }, allow404 = false): Promise<Response> {
    const res = await this.send(method, path, query, body);
    if (res.status < 300 || (allow404 && res.status === 404)) return res;
    let message = res.body.trim().slice(0, 500);
    let reason = '';
    try {
      const status = JSON.parse(res.body) as { message?: string; reason?: string };
      message = status.message ?? message;
      reason = status.reason ?? '';
    } catch {
      // Not a Status object (a proxy's error page, say): its text is the message.
    }
    throw new ClusterRequestError(res.status, reason, message || `HTTP ${res.status}`, `${method} ${path}`);
  }

  async apply(object: PlainObject): Promise<ListedObject> {
    const info = kindInfo(object.apiVersion, object.kind);
    const path = objectPath(info, object.metadata.name, object.metadata.namespace);
    const res = await this.call('PATCH', path, { fieldManager: FIELD_MANAGER, force: 'true' }, { contentType: 'application/apply-patch+yaml', text: JSON.stringify(object) });
    return JSON.parse(res.body) as ListedObject;
  }

  async get(kind: KindInfo, name: string, namespace?: string): Promise<ListedObject | undefined> {
    const res = await this.call('GET', objectPath(kind, name, namespace), {}, undefined, true);
    return res.status === 404 ? undefined : (JSON.parse(res.body) as ListedObject);
  }

  async list(kind: KindInfo, namespace: string | undefined, labelSelector: string): Promise<ListedObject[]> {
    const res = await this.call('GET', collectionPath(kind, namespace), labelSelector ? { labelSelector } : {});
    return (JSON.parse(res.body) as { items?: ListedObject[] }).items ?? [];
  }

  async delete(kind: KindInfo, name: string, namespace?: string): Promise<boolean> {
    const options = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };
    const res = await this.call('DELETE', objectPath(kind, name, namespace), {}, { contentType: 'application/json', text: JSON.stringify(options) }, true);
    return res.status !== 404;
  }

  async podLog(namespace: string, pod: string, container?: string): Promise<string> {
    const path = `${objectPath(kindInfo('v1', 'Pod'), pod, namespace)}/log`;
    const res = await this.call('GET', path, container ? { container } : {});
    return res.body;
  }
}
