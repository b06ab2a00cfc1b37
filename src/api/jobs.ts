/**
 * The jobs of a project as `testbed jobs` lists them: when each runs, and for a scheduled
 * one its cron expression and the next time it names.
 */
import { nextRun } from '../model/job-schedule.js';
import type { Project } from '../model/project.js';
import type { Job } from '../model/x-testbed.js';

export interface JobSummary {
  name: string;
  description?: string;
  /** after-start: run by up; manual: by testbed run only; scheduled: by its schedule on Kubernetes, by testbed run on Docker. */
  when: Job['when'] | 'scheduled';
  once: boolean;
  dependsOn: string[];
  target: Job['target'];
  schedule?: string;
  /** ISO 8601, UTC. */
  nextRun?: string;
}

export function jobSummaries(project: Project, now = new Date()): JobSummary[] {
  return Object.values(project.jobs).map((job) => ({
    name: job.name,
    ...(job.description === undefined ? {} : { description: job.description }),
    when: job.schedule ? 'scheduled' : job.when,
    once: job.once,
    dependsOn: job.dependsOn,
    target: job.target,
    ...(job.schedule ? { schedule: job.schedule, nextRun: nextRun(job.schedule, now).toISOString() } : {}),
  }));
}
