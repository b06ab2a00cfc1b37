/**
 * What tests need from the rest of a set when they run from the CLI or TestbedSet.test():
 * Liquid rendered with the set's template context (values, secrets, services), made once on
 * first use, and the set's jobs for `needs:`.
 */
import type { Project } from '../../model/project.js';
import { hasMarkup, renderTemplate, type TemplateContext } from '../../templates/render.js';
import { runSetJob, setTemplateContext } from '../jobs/set-jobs.js';
import type { SetContext } from '../set-context.js';
import type { RunTestsOptions } from './run-tests.js';

export type TestHooks = Required<Pick<RunTestsOptions, 'render' | 'runJob'>>;

export function setTestHooks(ctx: SetContext, project: Project): TestHooks {
  let context: Promise<TemplateContext> | undefined;
  return {
    render: async (text, name = 'tests') =>
      hasMarkup(text) ? renderTemplate({ name, text }, await (context ??= setTemplateContext(ctx, project))) : text,
    runJob: async (name, signal) => {
      const job = project.jobs[name];
      if (!job) throw new Error(`project ${project.name} has no job ${name}`);
      await runSetJob(ctx, project, job, signal ? { signal } : {});
    },
  };
}
