/**
 * `testbed k8s gc`: delete the namespaces of sets that are stale (not applied for longer than
 * `olderThanMs`) or, when the remote's branches are given, whose branch is gone.
 */
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { K8S_ANNOTATION, K8S_LABEL, labelSelectorText } from './k8s-labels.js';
import { labelValue } from './object-names.js';
import { NAMESPACES } from './set-namespace.js';

export interface GcOptions {
  olderThanMs?: number;
  /** Label values of the branches that exist; a set labelled with another branch is removed. */
  branches?: Set<string>;
  /** Only this project's sets. */
  project?: string;
  dryRun?: boolean;
  now?: Date;
}

export interface GcCandidate {
  namespace: string;
  project: string;
  set: string;
  branch?: string;
  lastApplied?: string;
  /** Why it goes, or undefined when it stays. */
  reason?: string;
  removed: boolean;
}

function lastApplied(ns: ListedObject): Date | undefined {
  const applied = ns.metadata.annotations?.[K8S_ANNOTATION.appliedAt];
  if (applied) return new Date(applied);
  const created = ns.metadata.labels?.[K8S_LABEL.createdAt];
  if (created) return new Date(Number(created) * 1000);
  return ns.metadata.creationTimestamp ? new Date(ns.metadata.creationTimestamp) : undefined;
}

export async function collectGarbage(client: ClusterClient, options: GcOptions): Promise<GcCandidate[]> {
  const now = options.now ?? new Date();
  const selector = labelSelectorText({ [K8S_LABEL.managed]: 'true', ...(options.project ? { [K8S_LABEL.project]: labelValue(options.project) } : {}) });
  const out: GcCandidate[] = [];
  for (const ns of await client.list(NAMESPACES, undefined, selector)) {
    if (ns.metadata.deletionTimestamp) continue;
    const labels = ns.metadata.labels ?? {};
    const candidate: GcCandidate = { namespace: ns.metadata.name, project: labels[K8S_LABEL.project] ?? '?', set: labels[K8S_LABEL.set] ?? '?', removed: false };
    const branch = labels[K8S_LABEL.branch];
    if (branch) candidate.branch = branch;
    const applied = lastApplied(ns);
    if (applied) candidate.lastApplied = applied.toISOString();
    if (options.branches && branch && !options.branches.has(branch)) candidate.reason = `branch ${ns.metadata.annotations?.[K8S_ANNOTATION.branch] ?? branch} is gone`;
    else if (options.olderThanMs !== undefined && applied && now.getTime() - applied.getTime() > options.olderThanMs) {
      candidate.reason = `not applied for ${Math.floor((now.getTime() - applied.getTime()) / 86_400_000)}d`;
    }
    if (candidate.reason && !options.dryRun) candidate.removed = await client.delete(NAMESPACES, ns.metadata.name);
    out.push(candidate);
  }
  return out.sort((a, b) => a.namespace.localeCompare(b.namespace));
}
