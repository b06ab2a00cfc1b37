/**
 * `testbed k8s apply`: render the set and send every object with server-side apply, in order:
 * the namespace, configuration and storage, Services and workloads, then the after-start Jobs
 * one by one (waiting for each with `wait`). Generated secrets already in the cluster are kept,
 * and objects of the set that the file no longer has are deleted (volume claims never).
 */
import { DependencyFailedError } from '../common/errors.js';
import type { Project } from '../model/project.js';
import type { ClusterClient } from './cluster/cluster-client.js';
import { existingSecretValues } from './existing-secrets.js';
import { waitForJob, type Waiting } from './job-wait.js';
import { K8S_ANNOTATION, K8S_LABEL, labelSelectorText } from './k8s-labels.js';
import { KINDS } from './kube-kinds.js';
import { describeObject, plain } from './kube-object.js';
import { labelValue, namespaceName } from './object-names.js';
import { renderManifests, type RenderedManifests } from './manifests.js';
import type { ManifestOptions } from './manifest-options.js';
import type { ManifestInputs } from './manifest-inputs.js';
import { checkOwnership, NAMESPACES } from './set-namespace.js';

export interface ClusterApplyOptions extends ManifestOptions {
  /** Wait for each after-start Job to succeed before the next (as `testbed up` runs jobs). */
  wait?: Omit<Waiting, 'timeoutMs'> & { timeoutMs?: number };
  /** Delete objects of the set that the file no longer has. Default: true. */
  prune?: boolean;
  onApplied?: (object: string) => void;
}

export interface ClusterApplyResult {
  namespace: string;
  context: string;
  applied: string[];
  pruned: string[];
  jobs: { name: string; outcome: 'succeeded' | 'failed' | 'started' }[];
  rendered: RenderedManifests;
}

/** Kinds whose objects apply prunes; claims hold data and are only removed with the namespace. */
const PRUNED = KINDS.filter((k) => !['Namespace', 'PersistentVolumeClaim', 'Pod'].includes(k.kind));

export async function applyManifests(client: ClusterClient, project: Project, options: ClusterApplyOptions, inputs?: ManifestInputs): Promise<ClusterApplyResult> {
  const namespace = options.namespace ?? namespaceName(project.name, options.set);
  const existing = await client.get(NAMESPACES, namespace);
  if (existing) checkOwnership(existing, project.name, options.set);
  const createdLabel = existing?.metadata.labels?.[K8S_LABEL.createdAt];
  const createdAt = options.createdAt ?? (createdLabel ? new Date(Number(createdLabel) * 1000) : undefined);
  const existingSecrets = existing ? await existingSecretValues(client, namespace, options.set) : {};

  const rendered = await renderManifests(project, {
    ...options,
    namespace,
    existingSecrets: { ...existingSecrets, ...options.existingSecrets },
    ...(createdAt ? { createdAt } : {}),
  }, inputs);
  const result: ClusterApplyResult = { namespace, context: client.context, applied: [], pruned: [], jobs: [], rendered };
  const ordered = new Set(rendered.jobOrder);
  const objects = rendered.objects.map(plain);
  const byId = new Map(objects.map((o) => [describeObject(o), o]));
  // Workloads with after_jobs wait for those jobs, so apply must wait for the jobs they need.
  const held = new Map(Object.entries(rendered.servicesAfterJobs).map(([id, jobs]) => [id, jobs.map((j) => rendered.jobNames[j]).filter((n): n is string => Boolean(n))]));
  const mustWait = new Set([...held.values()].flat());
  const send = async (id: string) => {
    await client.apply(byId.get(id)!);
    result.applied.push(id);
    options.onApplied?.(id);
  };
  const releaseHeld = async () => {
    for (const [id, jobs] of held) {
      if (!jobs.every((j) => result.jobs.some((r) => r.name === j && r.outcome === 'succeeded'))) continue;
      held.delete(id);
      await send(id);
    }
  };
  for (const id of byId.keys()) {
    const object = byId.get(id)!;
    if ((object.kind === 'Job' && ordered.has(object.metadata.name)) || held.has(id)) continue;
    await send(id);
  }
  await releaseHeld();
  for (const name of rendered.jobOrder) {
    const object = objects.find((o) => o.kind === 'Job' && o.metadata.name === name)!;
    await send(describeObject(object));
    if (!options.wait && !mustWait.has(name)) {
      result.jobs.push({ name, outcome: 'started' });
      continue;
    }
    const timeoutMs = options.wait?.timeoutMs ?? 1000 * Number((object.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds ?? 600) + 60_000;
    const outcome = await waitForJob(client, namespace, name, { ...options.wait, timeoutMs });
    result.jobs.push({ name, outcome });
    if (outcome === 'failed') {
      throw new DependencyFailedError(`job ${object.metadata.labels?.[K8S_LABEL.job] ?? name} failed (Job ${name} in namespace ${namespace})`, {
        hint: `Its output: kubectl -n ${namespace} logs job/${name}. What comes after it was not applied.`,
      });
    }
    await releaseHeld();
  }
  // A job that is done from an earlier apply (a `once` job) is not waited for again; what waits on it goes now.
  for (const id of held.keys()) await send(id);
  if (options.prune !== false && existing) result.pruned = await prune(client, project.name, options.set, namespace, objects.map((o) => describeObject(o)));
  return result;
}

async function prune(client: ClusterClient, project: string, set: string, namespace: string, keep: string[]): Promise<string[]> {
  const selector = labelSelectorText({ [K8S_LABEL.managed]: 'true', [K8S_LABEL.project]: labelValue(project), [K8S_LABEL.set]: labelValue(set) });
  const pruned: string[] = [];
  for (const kind of PRUNED) {
    for (const item of await client.list(kind, namespace, selector)) {
      const id = `${kind.kind}/${item.metadata.name}`;
      // Test runs and manual runs are records of what ran; only replaced after-start Jobs go.
      const record = kind.kind === 'Job' && item.metadata.annotations?.[K8S_ANNOTATION.order] === undefined;
      if (keep.includes(id) || record) continue;
      if (await client.delete(kind, item.metadata.name, namespace)) pruned.push(id);
    }
  }
  return pruned;
}
