/** `testbed k8s status`: each service's workload and pods, and each job, as the cluster reports them. */
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { jobOutcome } from './job-wait.js';
import { K8S_ANNOTATION, K8S_LABEL, labelSelectorText } from './k8s-labels.js';
import { kindInfo } from './kube-kinds.js';
import { labelValue } from './object-names.js';
import { findSetNamespace } from './set-namespace.js';

export interface ServiceStatus {
  service: string;
  kind: 'Deployment' | 'StatefulSet';
  ready: number;
  replicas: number;
  /** Per pod: its phase, or why its container waits (ImagePullBackOff, CrashLoopBackOff, ...). */
  pods: { name: string; state: string; restarts: number }[];
}

export interface JobStatus {
  job: string;
  name: string;
  kind: 'Job' | 'CronJob';
  state: 'succeeded' | 'failed' | 'running' | 'suspended' | 'scheduled';
}

export interface ClusterSetStatus {
  namespace: string;
  context: string;
  branch?: string;
  appliedAt?: string;
  services: ServiceStatus[];
  jobs: JobStatus[];
}

function podState(pod: ListedObject): { state: string; restarts: number } {
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: { restartCount?: number; ready?: boolean; state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[]; initContainerStatuses?: { state?: { waiting?: { reason?: string }; running?: unknown } }[] };
  const containers = status.containerStatuses ?? [];
  const waiting = containers.map((c) => c.state?.waiting?.reason ?? c.state?.terminated?.reason).find(Boolean);
  const initWaiting = (status.initContainerStatuses ?? []).some((c) => c.state?.running !== undefined || c.state?.waiting !== undefined);
  const restarts = containers.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  if (pod.metadata.deletionTimestamp) return { state: 'Terminating', restarts };
  if (waiting) return { state: waiting, restarts };
  if (initWaiting && status.phase === 'Pending') return { state: 'Waiting for dependencies', restarts };
  if (status.phase === 'Running' && containers.every((c) => c.ready)) return { state: 'Ready', restarts };
  return { state: status.phase ?? 'Unknown', restarts };
}

export async function readClusterStatus(client: ClusterClient, namespace: string, project: string, set: string): Promise<ClusterSetStatus> {
  const ns = await findSetNamespace(client, namespace, project, set);
  const selector = labelSelectorText({ [K8S_LABEL.set]: labelValue(set) });
  const [deployments, statefulSets, pods, jobs, cronJobs] = await Promise.all([
    client.list(kindInfo('apps/v1', 'Deployment'), namespace, selector),
    client.list(kindInfo('apps/v1', 'StatefulSet'), namespace, selector),
    client.list(kindInfo('v1', 'Pod'), namespace, selector),
    client.list(kindInfo('batch/v1', 'Job'), namespace, selector),
    client.list(kindInfo('batch/v1', 'CronJob'), namespace, selector),
  ]);
  const services: ServiceStatus[] = [...deployments.map((d) => ['Deployment', d] as const), ...statefulSets.map((s) => ['StatefulSet', s] as const)].map(([kind, w]) => {
    const service = w.metadata.labels?.[K8S_LABEL.service] ?? w.metadata.name;
    const status = (w.status ?? {}) as { readyReplicas?: number };
    return {
      service,
      kind,
      ready: status.readyReplicas ?? 0,
      replicas: Number((w.spec as { replicas?: number } | undefined)?.replicas ?? 1),
      pods: pods.filter((p) => p.metadata.labels?.[K8S_LABEL.service] === service && !p.metadata.labels?.[K8S_LABEL.role]).map((p) => ({ name: p.metadata.name, ...podState(p) })),
    };
  });
  const jobRows: JobStatus[] = [
    ...jobs
      .filter((j) => j.metadata.labels?.[K8S_LABEL.role] === 'job')
      .map((j): JobStatus => {
        const outcome = jobOutcome(j);
        const suspended = (j.spec as { suspend?: boolean } | undefined)?.suspend === true;
        return { job: j.metadata.labels?.[K8S_LABEL.job] ?? j.metadata.name, name: j.metadata.name, kind: 'Job', state: outcome ?? (suspended ? 'suspended' : 'running') };
      }),
    ...cronJobs.map((c): JobStatus => ({ job: c.metadata.labels?.[K8S_LABEL.job] ?? c.metadata.name, name: c.metadata.name, kind: 'CronJob', state: 'scheduled' })),
  ];
  const out: ClusterSetStatus = { namespace, context: client.context, services: services.sort((a, b) => a.service.localeCompare(b.service)), jobs: jobRows };
  const branch = ns.metadata.annotations?.[K8S_ANNOTATION.branch];
  if (branch) out.branch = branch;
  const appliedAt = ns.metadata.annotations?.[K8S_ANNOTATION.appliedAt];
  if (appliedAt) out.appliedAt = appliedAt;
  return out;
}
