/**
 * Where the cluster is and how to log in, read as kubectl reads it: the files of KUBECONFIG
 * (merged, the first to set a name wins) or ~/.kube/config, a context (--context or the current
 * one); inside a pod with neither, the pod's service account. @kubernetes/client-node reads each
 * file (paths relative to it, inline or file credentials, exec plugins); what kubectl does beyond
 * it is done here: the merge, exec plugins named relative to their file and told about the cluster
 * (KUBERNETES_EXEC_INFO), plain-http servers without TLS to verify.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import { ConfigError, UsageError } from '../../common/errors.js';
import { clientNode, type ClientNode } from './client-node.js';
import { KubeconfigNotFoundError } from './cluster-errors.js';

export interface ClusterConnection {
  /** The context used (or "in-cluster"). */
  context: string;
  server: string;
  namespace?: string;
  /** The context alone, with its cluster and user, as client-node reads it. */
  kubeConfig: KubeConfig;
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

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const IN_CLUSTER = 'in-cluster';

interface Merged {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext?: string;
}

function kubeconfigFiles(env: Record<string, string | undefined>, home: string): string[] {
  const list = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(home, '.kube', 'config')];
  return list.filter((f) => existsSync(f));
}

/** As kubectl merges KUBECONFIG: the first file to name a cluster, user or context, or to set the current context, wins. */
function merge(k8s: ClientNode, files: string[]): Merged {
  const merged: Merged = { clusters: [], users: [], contexts: [] };
  const add = <T extends { name: string }>(list: T[], entries: T[]) => {
    for (const entry of entries) if (!list.some((e) => e.name === entry.name)) list.push(entry);
  };
  for (const file of files) {
    const kc = readKubeconfig(k8s, file);
    add(merged.clusters, kc.getClusters());
    add(merged.users, kc.getUsers().map((u) => withExecFrom(u, dirname(file))));
    add(merged.contexts, kc.getContexts());
    merged.currentContext ??= kc.getCurrentContext() || undefined;
  }
  return merged;
}

/** js-yaml's own limits (aliases, nesting) hold here; what fails is a config error at the file, not a crash. */
function readKubeconfig(k8s: ClientNode, file: string): KubeConfig {
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    const mark = (err as { mark?: { line: number; column: number } }).mark;
    throw new ConfigError([{ message: `kubeconfig ${file} cannot be read: ${(err as Error).message.split('\n')[0]}`, ...(mark ? { position: { file, line: mark.line + 1, col: mark.column + 1 } } : {}) }], {
      hint: 'Fix the file (kubectl config view reads it when it is right), or point KUBECONFIG at another one.',
    });
  }
  return kc;
}

/** A plugin command with a slash is relative to its kubeconfig file; a bare name is looked up in PATH. */
function withExecFrom(user: User, directory: string): User {
  const exec = user.exec as { command?: string } | undefined;
  if (!exec?.command || !exec.command.includes('/') || isAbsolute(exec.command)) return user;
  return { ...user, exec: { ...exec, command: resolve(directory, exec.command) } };
}

/** kubectl tells a plugin about the cluster in KUBERNETES_EXEC_INFO; plugins may rely on it. */
function withExecInfo(user: User, server: string): User {
  const exec = user.exec as { apiVersion?: string; env?: { name: string; value: string }[] | null } | undefined;
  if (!exec) return user;
  const info = { apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false, cluster: { server } } };
  return { ...user, exec: { ...exec, env: [...(exec.env ?? []), { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(info) }] } };
}

function inCluster(k8s: ClientNode, env: Record<string, string | undefined>, directory: string): ClusterConnection | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host || !existsSync(join(directory, 'token'))) return undefined;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  const ca = join(directory, 'ca.crt');
  const namespaceFile = join(directory, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: IN_CLUSTER, server, skipTLSVerify: false, ...(existsSync(ca) ? { caFile: ca } : {}) }],
    // The token is read again as it is rotated (client-node's tokenFile provider).
    users: [{ name: IN_CLUSTER, authProvider: { name: 'tokenFile', config: { tokenFile: join(directory, 'token') } } }],
    contexts: [{ name: IN_CLUSTER, cluster: IN_CLUSTER, user: IN_CLUSTER, ...(namespace ? { namespace } : {}) }],
    currentContext: IN_CLUSTER,
  });
  return { context: IN_CLUSTER, server, ...(namespace ? { namespace } : {}), kubeConfig };
}

export async function loadKubeconfig(options: KubeconfigOptions = {}): Promise<ClusterConnection> {
  const k8s = await clientNode();
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(env, options.home ?? homedir());
  if (files.length === 0) {
    const pod = inCluster(k8s, env, options.serviceAccountDirectory ?? SERVICE_ACCOUNT);
    if (pod && !options.context) return pod;
    throw new KubeconfigNotFoundError(
      `no kubeconfig found (${env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : '~/.kube/config'})`,
      'Set KUBECONFIG to the cluster\'s kubeconfig file (kubectl config view works when it is right), or run inside the cluster.',
    );
  }
  const merged = merge(k8s, files);
  const contextName = options.context ?? merged.currentContext;
  if (!contextName) throw new UsageError('the kubeconfig names no current context', { hint: 'Pass --context NAME (kubectl config get-contexts lists them).' });
  const context = merged.contexts.find((c) => c.name === contextName);
  if (!context) throw new UsageError(`the kubeconfig has no context ${contextName}`, { hint: 'kubectl config get-contexts lists the contexts there are.' });
  const cluster = merged.clusters.find((c) => c.name === context.cluster);
  if (!cluster?.server) throw new UsageError(`context ${contextName} names cluster ${context.cluster}, which has no server in the kubeconfig`);
  const server = cluster.server.replace(/\/+$/, '');
  const user = merged.users.find((u) => u.name === context.user) ?? { name: context.user };
  if (user.authProvider) {
    throw new UsageError(`user ${context.user} logs in with an auth-provider, which Kubernetes removed and Testbed does not support`, {
      hint: 'Use the provider\'s exec plugin (for GKE: gke-gcloud-auth-plugin; for Azure: kubelogin), as current kubectl does.',
    });
  }
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    // Plain http has no TLS to verify (kubectl proxy); client-node asks for that to be said.
    clusters: [{ ...cluster, server, skipTLSVerify: cluster.skipTLSVerify || server.startsWith('http:') }],
    users: [withExecInfo(user, server)],
    contexts: [context],
    currentContext: contextName,
  });
  return { context: contextName, server, ...(context.namespace ? { namespace: context.namespace } : {}), kubeConfig };
}
