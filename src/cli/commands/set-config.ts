/** render, secrets, run, jobs: a set's configuration and its jobs. */
import type { Command } from 'commander';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { openSet, printWarnings } from '../global-options.js';
import { colors, printJson, say } from '../output.js';
import { table } from '../render/table.js';
import { addValueOptions, flagOverrides, type ValueFlags } from '../value-options.js';
import { lockTimeout, lockTimeoutOption, noWaitOption, type LockFlags } from '../lock-options.js';
import { jobSummaries, type JobSummary } from '../../api/jobs.js';
import { Testbed } from '../../api/testbed.js';
import { loadOptions } from '../global-options.js';

export function registerSetConfig(program: Command, runtime: CliRuntime): void {
  addValueOptions(
    program
      .command('render')
      .description('print what each config template renders to for a set, without creating anything (secrets masked)')
      .argument('[set]', 'set name (default: the project name)')
      .argument('[services...]', 'only the configs of these services')
      .option('--reveal', 'show secret values in the output'),
  ).action(async (setName: string | undefined, services: string[], flags: ValueFlags & { reveal?: boolean }, cmd: Command) => {
    const ctx = commandContext(cmd, runtime);
    const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, signal: ctx.signal });
    const files = await set.render({
      ...(services.length ? { services } : {}),
      ...(flags.reveal ? { reveal: true } : {}),
      valueOverrides: flagOverrides(flags),
    });
    if (ctx.out.json) return printJson(ctx.out, files);
    const c = colors(ctx.out);
    if (files.length === 0) say(ctx.out, 'no configs are mounted by these services');
    for (const file of files) {
      const where = file.mounts.map((m) => `${m.service}:${m.target}`).join(', ');
      ctx.out.result.write(`${c.dim(`# configs.${file.config}${file.template ? ' (template)' : ''} -> ${where}`)}\n`);
      ctx.out.result.write(file.content.endsWith('\n') ? file.content : `${file.content}\n`);
    }
  });

  program
    .command('secrets')
    .description('list a set\'s secrets and where they come from; values only with --reveal')
    .argument('[set]', 'set name (default: the project name)')
    .option('--reveal', 'print the values')
    .action(async (setName: string | undefined, flags: { reveal?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, signal: ctx.signal });
      const secrets = await set.secrets({ reveal: Boolean(flags.reveal) });
      if (ctx.out.json) return printJson(ctx.out, secrets);
      if (secrets.length === 0) return say(ctx.out, 'this project declares no secrets');
      ctx.out.result.write(table(['SECRET', 'SOURCE', 'VALUE'], secrets.map((s) => [s.name, s.source, s.value])) + '\n');
    });

  program
    .command('run')
    .description('run one of the file\'s jobs (x-testbed.jobs) for a set now')
    .argument('<set>', 'set name')
    .argument('<job>', 'job name (see testbed jobs)')
    .option('--force', 'run a `once` job again even though it is done')
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action(async (setName: string, job: string, flags: { force?: boolean } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, signal: ctx.signal });
      const outcome = await set.runJob(job, { force: Boolean(flags.force), events: ctx.events, signal: ctx.signal, ...lockTimeout(flags) });
      if (ctx.out.json) {
        return printJson(ctx.out, { job, skipped: outcome.skipped, exitCode: outcome.result?.exitCode, output: outcome.folder });
      }
      if (outcome.result) {
        ctx.out.result.write(outcome.result.stdout);
        if (outcome.result.stderr) ctx.out.human.write(outcome.result.stderr);
        say(ctx.out, `job ${job} done; output kept in ${outcome.folder}`);
      }
    });

  program
    .command('jobs')
    .description('list the jobs of the file')
    .argument('[set]', 'as this set was made (its Compose files and profiles)')
    .action(async (setName: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = setName
        ? await Testbed.loadProjectForSet(setName, { ...loadOptions(ctx.globals, ctx.signal), intent: 'use' })
        : await Testbed.loadProject(loadOptions(ctx.globals, ctx.signal));
      printWarnings(ctx.out, project);
      const jobs = jobSummaries(project);
      if (ctx.out.json) return printJson(ctx.out, jobs);
      if (jobs.length === 0) return say(ctx.out, 'this project has no jobs (declare them under x-testbed.jobs)');
      const where = (t: JobSummary['target']) => (t.kind === 'exec' ? `exec ${t.service}` : t.kind === 'run' ? `run ${t.service}` : `image ${t.image}`);
      const when = (j: JobSummary) => (j.schedule ? `scheduled "${j.schedule}", next ${j.nextRun!.slice(0, 16).replace('T', ' ')} UTC` : j.when);
      ctx.out.result.write(
        table(
          ['JOB', 'WHEN', 'ONCE', 'WHERE', 'AFTER', 'DESCRIPTION'],
          jobs.map((j) => [j.name, when(j), j.once ? 'yes' : 'no', where(j.target), j.dependsOn.join(',') || '-', j.description ?? '']),
        ) + '\n',
      );
    });
}
