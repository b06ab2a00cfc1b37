/**
 * What tests need from the rest of a set when they run from the CLI or TestbedSet.test():
 * Liquid rendered with the set's template context (values, secrets, services), made once on
 * first use, and the set's jobs for `needs:`.
 */
import type { Project } from '../../model/project.js';
import { hasMarkup, renderTemplate, type TemplateContext } from '../../set-config/template-render.js';
import { runJob } from '../jobs/run-job.js';
import { setTemplateContext } from '../jobs/set-jobs.js';
import type { SetContext } from '../set-context.js';
import { withSetLock } from '../set-lock.js';
import type { RunTestsOptions } from './run-tests.js';

export type TestHooks = Required<Pick<RunTestsOptions, 'render' | 'runJob'>>;

export function setTestHooks(ctx: SetContext, project: Project): TestHooks {
  // Made once, on first use, and shared: making it writes to the set's folder.
  let context: Promise<TemplateContext> | undefined;
  const templateContext = () => (context ??= setTemplateContext(ctx, project));
  return {
    render: async (text, name = 'tests') => (hasMarkup(text) ? renderTemplate({ name, text, directory: project.directory }, await templateContext()) : text),
    runJob: async (name, signal) => {
      const job = project.jobs[name];
      if (!job) throw new Error(`project ${project.name} has no job ${name}`);
      // A job changes the set (its done marker, its data): it waits for a command that holds the set.
      await withSetLock(ctx, `run ${name}`, signal ? { signal } : {}, async () =>
        runJob(ctx, job, { context: await templateContext(), ...(signal ? { signal } : {}) }),
      );
    },
  };
}
