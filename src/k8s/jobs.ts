/**
 * x-testbed jobs: `after-start` -> a Job (apply runs them in order), `manual` -> a suspended Job
 * (resume it to run it), `schedule:` -> a CronJob. A Job's name carries a hash of what it runs,
 * so a changed job runs again and an unchanged `once` job does not; a `once: false` job also
 * carries the time of the apply, so each apply runs it again.
 */
import { createHash } from 'node:crypto';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job as KubeJob } from 'kubernetes-models/batch/v1/Job';
import type { Secret } from 'kubernetes-models/v1/Secret';
import { seconds } from './whole-seconds.js';
import { K8S_ANNOTATION, K8S_LABEL } from './k8s-labels.js';
import { labelValue, objectName } from './object-names.js';
import type { ManifestContext } from './manifest-context.js';
import { runPod } from './run-pod.js';
import type { Project } from '../model/project.js';
import type { Job } from '../model/x-testbed.js';

export interface RenderedJobs {
  objects: (KubeJob | CronJob | Secret)[];
  /** Names of the after-start Jobs in the order they run. */
  order: string[];
  /** Job name in the file -> Job object name (after-start jobs). */
  names: Record<string, string>;
  /** Some job execs in a service (the namespace needs the exec service account). */
  exec: boolean;
}

/**
 * After-start jobs in an order that works: each after the jobs it depends on, and after the
 * jobs of the services it waits for (a service with after_jobs starts only once those are done).
 */
export function jobOrder(jobs: Job[], project: Project): Job[] {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const done = new Set<string>();
  const out: Job[] = [];
  const servicesSeen = new Set<string>();
  const jobsBehindService = (service: string): string[] => {
    if (servicesSeen.has(service)) return [];
    servicesSeen.add(service);
    const s = project.services[service];
    const upstream = s ? Object.keys(s.dependsOn).flatMap(jobsBehindService) : [];
    servicesSeen.delete(service);
    return [...upstream, ...(s?.afterJobs ?? [])];
  };
  const visit = (job: Job, path: string[]) => {
    if (done.has(job.name) || path.includes(job.name)) return;
    for (const d of job.dependsOn) {
      const names = byName.has(d) ? [d] : jobsBehindService(d);
      for (const name of names) {
        const dep = byName.get(name);
        if (dep) visit(dep, [...path, job.name]);
      }
    }
    done.add(job.name);
    out.push(job);
  };
  for (const job of jobs) visit(job, []);
  return out;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}

export async function renderJobs(ctx: ManifestContext): Promise<RenderedJobs> {
  const out: RenderedJobs = { objects: [], order: [], names: {}, exec: false };
  const jobs = Object.values(ctx.project.jobs);
  const afterStart = jobOrder(
    jobs.filter((j) => !j.schedule && j.when === 'after-start'),
    ctx.project,
  );
  const others = jobs.filter((j) => j.schedule || j.when === 'manual');
  for (const job of [...afterStart, ...others]) {
    const where = `x-testbed.jobs.${job.name}`;
    if (job.inactiveService) {
      ctx.warnings.add(where, `is left out: it needs ${job.inactiveService}, which a profile that is not enabled leaves out`);
      continue;
    }
    const serviceDeps = job.dependsOn.filter((d) => ctx.project.services[d]);
    const pod = await runPod({ ...job, dependsOn: serviceDeps, where, secretName: objectName.jobEnvironment(job.name) }, ctx);
    if (pod.secret) out.objects.push(pod.secret);
    if (pod.exec) out.exec = true;
    const labels = { ...ctx.labels, [K8S_LABEL.job]: labelValue(job.name), [K8S_LABEL.role]: job.schedule ? 'cron' : 'job' };
    const jobSpec = {
      backoffLimit: 0,
      activeDeadlineSeconds: seconds(job.timeoutMs),
      template: { metadata: { labels }, spec: pod.spec },
    };
    if (job.schedule) {
      out.objects.push(
        new CronJob({
          metadata: { name: objectName.cronJob(job.name), namespace: ctx.options.namespace, labels },
          spec: { schedule: job.schedule, concurrencyPolicy: 'Forbid', jobTemplate: { metadata: { labels }, spec: jobSpec } },
        }),
      );
      continue;
    }
    let hash = hashOf(jobSpec);
    if (!job.once) hash = `${hash}-${Math.floor(ctx.options.now.getTime() / 1000).toString(36)}`;
    const name = objectName.job(job.name, hash);
    const annotations: Record<string, string> = {};
    if (job.when === 'after-start') {
      out.order.push(name);
      out.names[job.name] = name;
      annotations[K8S_ANNOTATION.order] = String(out.order.length);
    }
    out.objects.push(
      new KubeJob({
        metadata: { name, namespace: ctx.options.namespace, labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: {
          ...jobSpec,
          ...(job.when === 'manual' ? { suspend: true } : {}),
          // A job that runs on every apply would pile up; a `once` job is the set's record that it ran.
          ...(job.once ? {} : { ttlSecondsAfterFinished: 86_400 }),
        },
      }),
    );
  }
  return out;
}
