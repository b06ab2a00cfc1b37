/**
 * The Kubernetes API calls Testbed makes, through @kubernetes/client-node (the 1.x line, which
 * runs on Node 20). Apply is server-side apply: PATCH with Content-Type application/apply-patch+yaml,
 * fieldManager=testbed, force=true (Testbed owns what it applies). The kinds Testbed handles are
 * known (kube-kinds.ts), so no request goes to API discovery first.
 */
import type { ApiException, Configuration, CoreV1Api, KubernetesObject, KubernetesObjectApi, Middleware } from '@kubernetes/client-node';
import { InterruptedError } from '../../common/errors.js';
import { ClusterLoginError, ClusterRequestError, ClusterUnreachableError } from './cluster-errors.js';
import { clientNode, type ClientNode } from './client-node.js';
import type { ClusterConnection } from './kubeconfig.js';
import { collectionPath, kindInfo, KINDS, objectPath, type KindInfo } from '../kube-kinds.js';
import type { PlainObject } from '../kube-object.js';

export const FIELD_MANAGER = 'testbed';

/** How long one API call may go unanswered. */
export const CLUSTER_REQUEST_TIMEOUT_MS = 30_000;

export interface ListedObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string | Date; deletionTimestamp?: string | Date };
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

export interface ClusterClientOptions {
  timeoutMs?: number;
  /** Aborting it (Ctrl-C) abandons the call in flight. */
  signal?: AbortSignal;
}

/** client-node's generic object API, told where each kind lives instead of asking the server. */
function knownKindsApi(k8s: ClientNode, configuration: Configuration): KubernetesObjectApi {
  class KnownKindsApi extends k8s.KubernetesObjectApi {
    constructor() {
      super(configuration);
      for (const kind of KINDS) {
        const list = (this.apiVersionResourceCache[kind.apiVersion] ??= Object.assign(new k8s.V1APIResourceList(), { groupVersion: kind.apiVersion, resources: [] }));
        list.resources.push({ name: kind.resource, kind: kind.kind, namespaced: kind.namespaced, singularName: '', verbs: [] });
      }
    }
  }
  return new KnownKindsApi();
}

const asObject = (o: object) => o as unknown as ListedObject;

export class KubeClusterClient implements ClusterClient {
  readonly context: string;
  private readonly objects: KubernetesObjectApi;
  private readonly core: CoreV1Api;

  /** The client for a connection (loadKubeconfig); the Kubernetes client library loads with the first. */
  static async connect(connection: ClusterConnection, options: ClusterClientOptions = {}): Promise<KubeClusterClient> {
    return new KubeClusterClient(await clientNode(), connection, options);
  }

  private constructor(
    private readonly k8s: ClientNode,
    private readonly connection: ClusterConnection,
    private readonly options: ClusterClientOptions = {},
  ) {
    this.context = connection.context;
    const bounded: Middleware = {
      pre: async (request) => {
        const timeout = AbortSignal.timeout(options.timeoutMs ?? CLUSTER_REQUEST_TIMEOUT_MS);
        request.setSignal(options.signal ? AbortSignal.any([timeout, options.signal]) : timeout);
        return request;
      },
      post: async (response) => response,
    };
    const configuration = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(connection.server, {}),
      authMethods: { default: connection.kubeConfig },
      promiseMiddleware: [bounded],
    });
    this.objects = knownKindsApi(k8s, configuration);
    this.core = new k8s.CoreV1Api(configuration);
  }

  /** The call, with its failure said as Testbed says it: refused by the server, or no server. */
  private async call<T>(request: string, send: () => Promise<T>, missing?: T): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if (err instanceof this.k8s.ApiException) {
        if (err.code === 404 && missing !== undefined) return missing;
        throw requestError(err as ApiException<unknown>, request);
      }
      if (this.options.signal?.aborted) throw new InterruptedError();
      // node-fetch's errors are the connection's (refused, reset, timed out); anything else came before sending: the credentials.
      const name = (err as Error).name;
      if (name === 'FetchError' || name === 'AbortError') throw new ClusterUnreachableError(this.connection.server, err);
      throw new ClusterLoginError(this.context, err);
    }
  }

  async apply(object: PlainObject): Promise<ListedObject> {
    const info = kindInfo(object.apiVersion, object.kind);
    const applied = await this.call(`PATCH ${objectPath(info, object.metadata.name, object.metadata.namespace)}`, () =>
      this.objects.patch(object as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, this.k8s.PatchStrategy.ServerSideApply),
    );
    return asObject(applied);
  }

  async get(kind: KindInfo, name: string, namespace?: string): Promise<ListedObject | undefined> {
    const header = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
    const found = await this.call<KubernetesObject | null>(`GET ${objectPath(kind, name, namespace)}`, () => this.objects.read(header), null);
    return found ? asObject(found) : undefined;
  }

  async list(kind: KindInfo, namespace: string | undefined, labelSelector: string): Promise<ListedObject[]> {
    const list = await this.call(`GET ${collectionPath(kind, namespace)}`, () =>
      this.objects.list(kind.apiVersion, kind.kind, namespace, undefined, undefined, undefined, undefined, labelSelector || undefined),
    );
    return list.items.map(asObject);
  }

  async delete(kind: KindInfo, name: string, namespace?: string): Promise<boolean> {
    const header = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
    const options = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };
    const deleted = await this.call(`DELETE ${objectPath(kind, name, namespace)}`, () => this.objects.delete(header, undefined, undefined, undefined, undefined, undefined, options).then(() => true), false);
    return deleted;
  }

  async podLog(namespace: string, pod: string, container?: string): Promise<string> {
    return this.call(`GET ${objectPath(kindInfo('v1', 'Pod'), pod, namespace)}/log`, () =>
      this.core.readNamespacedPodLog({ name: pod, namespace, ...(container ? { container } : {}) }),
    );
  }
}

/** The API server's Status (reason, message) when it sent one; else its text, as a proxy's error page is. */
function requestError(err: ApiException<unknown>, request: string): ClusterRequestError {
  let body: unknown = err.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // Not a Status object: its text is the message.
    }
  }
  const status = typeof body === 'object' && body !== null ? (body as { message?: string; reason?: string }) : {};
  const text = typeof body === 'string' ? body.trim().slice(0, 500) : '';
  return new ClusterRequestError(err.code, status.reason ?? '', status.message ?? (text || `HTTP ${err.code}`), request);
}
