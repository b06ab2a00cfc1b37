/** Waiting for a Job to finish, by polling its status (clock and sleep are parameters for tests). */
import { ReadinessTimeoutError } from '../common/errors.js';
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { kindInfo } from './kube-kinds.js';

/** How a Job in the cluster ended (a Docker job's run is lifecycle/jobs/run-job.ts's JobOutcome). */
export type ClusterJobOutcome = 'succeeded' | 'failed';

export interface Waiting {
  timeoutMs: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
}

export function jobOutcome(job: ListedObject | undefined): ClusterJobOutcome | undefined {
  const conditions = (job?.status?.conditions ?? []) as { type: string; status: string }[];
  if (conditions.some((c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True')) return 'succeeded';
  if (conditions.some((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True')) return 'failed';
  return undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function waitForJob(client: ClusterClient, namespace: string, name: string, waiting: Waiting): Promise<ClusterJobOutcome> {
  const now = waiting.now ?? Date.now;
  const sleep = waiting.sleep ?? defaultSleep;
  const deadline = now() + waiting.timeoutMs;
  const jobs = kindInfo('batch/v1', 'Job');
  for (;;) {
    const outcome = jobOutcome(await client.get(jobs, name, namespace));
    if (outcome) return outcome;
    if (now() >= deadline || waiting.signal?.aborted) {
      throw new ReadinessTimeoutError(`Job ${name} in namespace ${namespace} did not finish within ${Math.round(waiting.timeoutMs / 1000)}s`, {
        hint: `See why: kubectl -n ${namespace} describe job ${name}; kubectl -n ${namespace} logs job/${name}`,
      });
    }
    await sleep(waiting.pollMs ?? 2000);
  }
}
