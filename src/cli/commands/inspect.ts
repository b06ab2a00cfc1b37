/** Read verbs: ls, status, config. Each prints a table, or JSON with --json. */
import type { Command } from 'commander';
import { Testbed } from '../../api/testbed.js';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { loadOptions, openSet, printWarnings } from '../global-options.js';
import { colors, printJson, say } from '../output.js';
import { madeWithLine, relativeList } from '../render/made-with.js';
import { renderStatus } from '../render/status.js';
import { age, table } from '../render/table.js';

export function registerInspect(program: Command, runtime: CliRuntime): void {
  program
    .command('ls')
    .description('list every set on the engine: state, services up/total, age, and the files and profiles it was made with')
    .action(async (_flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const sets = await (await Testbed.connect({ signal: ctx.signal })).listSets();
      if (ctx.out.json) return printJson(ctx.out, sets);
      const c = colors(ctx.out);
      if (sets.length === 0) return say(ctx.out, 'no sets; make one with: testbed up NAME');
      const stateColor = (s: string) => (s === 'running' ? c.green(s) : s === 'partial' ? c.yellow(s) : s);
      ctx.out.result.write(
        table(
          ['PROJECT', 'SET', 'STATE', 'SERVICES', 'VOLUMES', 'AGE', 'FILES', 'PROFILES', 'DIRECTORY'],
          sets.map((s) => [
            s.project,
            s.set,
            stateColor(s.state),
            `${s.servicesUp}/${s.servicesTotal}`,
            String(s.volumes),
            age(s.createdAt),
            s.files && s.projectDirectory ? relativeList(s.files, s.projectDirectory) : '-',
            s.profiles?.join(',') || '-',
            s.projectDirectory ?? '-',
          ]),
        ) + '\n',
      );
    });

  program
    .command('status')
    .description('services of a set: state, health, host addresses and ports, image; and the files and profiles it was made with')
    .argument('[set]', 'set name (default: the project name)')
    .action(async (setName: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      const [rows, made] = await Promise.all([set.status(), set.madeWith()]);
      if (ctx.out.json) return printJson(ctx.out, { set: set.name, project: set.projectName, ...made, services: rows });
      if (made) ctx.out.result.write(madeWithLine(set.name, set.projectName, made) + '\n');
      ctx.out.result.write(renderStatus(ctx.out, rows) + '\n');
    });

  program
    .command('config')
    .description('the project as one canonical Compose file, after merging, interpolation and defaults (YAML, or --json); -q only validates')
    .option('--services', 'print only the active service names')
    .action(async (flags: { services?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await Testbed.loadProject(loadOptions(ctx.globals, ctx.signal));
      // Warnings go to stderr with --json too: stdout holds only the result.
      printWarnings({ ...ctx.out, json: false }, project);
      if (ctx.out.quiet) return;
      if (flags.services) {
        const names = Object.keys(project.services);
        return ctx.out.json ? printJson(ctx.out, names) : void ctx.out.result.write(names.join('\n') + '\n');
      }
      // The printer (and the YAML library) load with `config`, not with `ls` and `status`.
      const { toCompose, toComposeYaml } = await import('../../api/project.js');
      if (ctx.out.json) return printJson(ctx.out, toCompose(project));
      ctx.out.result.write(toComposeYaml(project));
    });
}
