/**
 * Where the cluster is and how to log in, read as kubectl reads it: the files of KUBECONFIG
 * (merged, the first to set a name wins) or ~/.kube/config, a context (--context or the
 * current one); inside a pod with neither, the pod's service account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { ConfigError, UsageError } from '../../common/errors.js';
import { KubeconfigNotFoundError } from './cluster-errors.js';

export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Directory the kubeconfig file is in (a relative command resolves there, as in kubectl). */
  directory: string;
}

export interface ClusterConnection {
  /** The context used (or "in-cluster"). */
  context: string;
  server: string;
  namespace?: string;
  caData?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  clientCertData?: Buffer;
  clientKeyData?: Buffer;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
}

type Named<T> = { name: string } & T;
type Raw = Record<string, unknown>;

interface KubeconfigFile {
  path: string;
  doc: {
    'current-context'?: string;
    contexts?: Named<{ context?: Raw }>[];
    clusters?: Named<{ cluster?: Raw }>[];
    users?: Named<{ user?: Raw }>[];
  };
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function readFileData(base: string, file: unknown, data: unknown): Buffer | undefined {
  if (typeof data === 'string' && data !== '') return Buffer.from(data, 'base64');
  if (typeof file === 'string' && file !== '') return readFileSync(isAbsolute(file) ? file : resolve(base, file));
  return undefined;
}

export interface KubeconfigOptions {
  context?: string;
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Default: os.homedir(). */
  home?: string;
  /** Default: the service account directory of a pod. */
  serviceAccountDirectory?: string;
}

function kubeconfigFiles(env: Record<string, string | undefined>, home: string): string[] {
  const list = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(home, '.kube', 'config')];
  return list.filter((f) => existsSync(f));
}

function firstNamed<T>(files: KubeconfigFile[], pick: (f: KubeconfigFile) => Named<T>[] | undefined, name: string): { entry: Named<T>; file: KubeconfigFile } | undefined {
  for (const file of files) {
    const entry = pick(file)?.find((e) => e.name === name);
    if (entry) return { entry, file };
  }
  return undefined;
}

function inCluster(env: Record<string, string | undefined>, directory: string): ClusterConnection | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host || !existsSync(join(directory, 'token'))) return undefined;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const connection: ClusterConnection = {
    context: 'in-cluster',
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    insecureSkipTlsVerify: false,
    tokenFile: join(directory, 'token'),
  };
  if (existsSync(join(directory, 'ca.crt'))) connection.caData = readFileSync(join(directory, 'ca.crt'));
  if (existsSync(join(directory, 'namespace'))) connection.namespace = readFileSync(join(directory, 'namespace'), 'utf8').trim();
  return connection;
}

/** yaml's own limits (aliases, nesting) hold here; what fails is a config error at the file, not a crash. */
function readKubeconfig(path: string): KubeconfigFile['doc'] {
  try {
    return (parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile['doc'];
  } catch (err) {
    const at = err instanceof YAMLError && err.linePos ? { position: { file: path, ...err.linePos[0] } } : {};
    throw new ConfigError([{ message: `kubeconfig ${path} cannot be read: ${(err as Error).message.split('\n')[0]}`, ...at }], {
      hint: 'Fix the file (kubectl config view reads it when it is right), or point KUBECONFIG at another one.',
    });
  }
}

export function loadKubeconfig(options: KubeconfigOptions = {}): ClusterConnection {
  const env = options.env ?? process.env;
  const paths = kubeconfigFiles(env, options.home ?? homedir());
  if (paths.length === 0) {
    const pod = inCluster(env, options.serviceAccountDirectory ?? SERVICE_ACCOUNT);
    if (pod && !options.context) return pod;
    throw new KubeconfigNotFoundError(
      `no kubeconfig found (${env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : '~/.kube/config'})`,
      'Set KUBECONFIG to the cluster\'s kubeconfig file (kubectl config view works when it is right), or run inside the cluster.',
    );
  }
  const files: KubeconfigFile[] = paths.map((path) => ({ path, doc: readKubeconfig(path) }));
  const contextName = options.context ?? files.map((f) => f.doc['current-context']).find((c) => c);
  if (!contextName) throw new UsageError('the kubeconfig names no current context', { hint: 'Pass --context NAME (kubectl config get-contexts lists them).' });
  const context = firstNamed(files, (f) => f.doc.contexts, contextName)?.entry.context;
  if (!context) throw new UsageError(`the kubeconfig has no context ${contextName}`, { hint: 'kubectl config get-contexts lists the contexts there are.' });

  const cluster = firstNamed(files, (f) => f.doc.clusters, String(context.cluster ?? ''));
  if (!cluster?.entry.cluster?.server) throw new UsageError(`context ${contextName} names cluster ${String(context.cluster)}, which has no server in the kubeconfig`);
  const c = cluster.entry.cluster;
  const base = dirname(cluster.file.path);
  const connection: ClusterConnection = {
    context: contextName,
    server: String(c.server).replace(/\/+$/, ''),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
  };
  const ca = readFileData(base, c['certificate-authority'], c['certificate-authority-data']);
  if (ca) connection.caData = ca;
  if (typeof c['tls-server-name'] === 'string') connection.tlsServerName = c['tls-server-name'];
  if (typeof context.namespace === 'string') connection.namespace = context.namespace;

  const user = firstNamed(files, (f) => f.doc.users, String(context.user ?? ''));
  const u = user?.entry.user ?? {};
  const userBase = user ? dirname(user.file.path) : base;
  const cert = readFileData(userBase, u['client-certificate'], u['client-certificate-data']);
  const key = readFileData(userBase, u['client-key'], u['client-key-data']);
  if (cert) connection.clientCertData = cert;
  if (key) connection.clientKeyData = key;
  if (typeof u.token === 'string') connection.token = u.token;
  if (typeof u.tokenFile === 'string') connection.tokenFile = isAbsolute(u.tokenFile) ? u.tokenFile : resolve(userBase, u.tokenFile);
  if (typeof u.username === 'string') connection.username = u.username;
  if (typeof u.password === 'string') connection.password = u.password;
  const exec = u.exec as Raw | undefined;
  if (exec && typeof exec.command === 'string') {
    connection.exec = {
      apiVersion: String(exec.apiVersion ?? 'client.authentication.k8s.io/v1'),
      command: exec.command,
      args: Array.isArray(exec.args) ? exec.args.map(String) : [],
      env: Object.fromEntries((Array.isArray(exec.env) ? (exec.env as Raw[]) : []).map((e) => [String(e.name), String(e.value ?? '')])),
      directory: userBase,
    };
  }
  if (u['auth-provider']) {
    throw new UsageError(`user ${String(context.user)} logs in with an auth-provider, which Kubernetes removed and Testbed does not support`, {
      hint: 'Use the provider\'s exec plugin (for GKE: gke-gcloud-auth-plugin; for Azure: kubelogin), as current kubectl does.',
    });
  }
  return connection;
}
