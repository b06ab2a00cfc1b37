/**
 * The jobs of a set as start() runs them: the template context is made once, on the first
 * job that needs it, from the set's stored values, secrets and addresses.
 */
import { UsageError } from '../../common/errors.js';
import type { Project } from '../../model/project.js';
import type { Job } from '../../model/x-testbed.js';
import type { TemplateContext } from '../../set-config/template-render.js';
import { setAddresses } from '../addresses.js';
import { setConfiguration } from '../configure/prepare.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import type { JobHooks } from '../start.js';
import { runJob, type JobOutcome } from './run-job.js';

export interface SetJobsOptions {
  events?: EventSink;
  signal?: AbortSignal;
}

/** The set's template context (also used by tests and `testbed render`). */
export async function setTemplateContext(ctx: SetContext, project: Project): Promise<TemplateContext> {
  const addresses = await setAddresses(ctx, project);
  return (await setConfiguration(ctx, project, { addresses })).context;
}

export function jobHooks(ctx: SetContext, project: Project, options: SetJobsOptions = {}): JobHooks | undefined {
  const jobs = project.jobs;
  if (Object.keys(jobs).length === 0) return undefined;
  let context: Promise<TemplateContext> | undefined;
  return {
    // A scheduled job is a CronJob on Kubernetes; on Docker it runs only when asked (testbed run).
    afterStart: Object.values(jobs)
      .filter((j) => j.when === 'after-start' && !j.schedule && !j.inactiveService)
      .map((j) => j.name),
    dependsOn: (name) => (jobs[name]?.inactiveService ? [] : (jobs[name]?.dependsOn ?? [])),
    run: async (name) => {
      const job = jobs[name]!;
      if (job.inactiveService) {
        options.events?.({ kind: 'job', name, action: 'skipped', detail: `service ${job.inactiveService} is behind a profile that is not enabled` });
        return;
      }
      context ??= setTemplateContext(ctx, project);
      await runJob(ctx, jobs[name]!, { context: await context, ...options });
    },
  };
}

/** `testbed run <set> <job>`: one job, now, whatever its `when`. */
export async function runSetJob(
  ctx: SetContext,
  project: Project,
  job: Job,
  options: SetJobsOptions & { force?: boolean } = {},
): Promise<JobOutcome> {
  if (job.inactiveService) {
    throw new UsageError(`job ${job.name} needs service ${job.inactiveService}, which a profile leaves out`, {
      hint: 'Enable its profile with --profile (or COMPOSE_PROFILES).',
    });
  }
  return runJob(ctx, job, { context: await setTemplateContext(ctx, project), ...options });
}
