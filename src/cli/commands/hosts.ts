import type { Command } from 'commander';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { openSet } from '../global-options.js';
import { printJson, say } from '../output.js';

export function registerHosts(program: Command, runtime: CliRuntime): void {
  program
    .command('hosts')
    .description('/etc/hosts lines naming each service of a set (web.demo.lan); --apply writes them in a managed block')
    .argument('[set]', 'set name (default: the project name)')
    .option('--apply', 'write the lines into the hosts file, replacing the set\'s earlier block')
    .option('--remove', 'remove the set\'s block from the hosts file')
    .option('--hosts-file <path>', 'the hosts file to change', '/etc/hosts')
    .action(async (setName: string | undefined, flags: { apply?: boolean; remove?: boolean; hostsFile: string }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      if (flags.apply || flags.remove) {
        const lines = await set.writeHosts(flags.hostsFile, { remove: Boolean(flags.remove) });
        say(ctx.out, flags.remove ? `removed set ${set.name} from ${flags.hostsFile}` : `wrote ${lines.length} lines for set ${set.name} to ${flags.hostsFile}`);
        return;
      }
      const lines = await set.hosts();
      if (ctx.out.json) return printJson(ctx.out, lines);
      ctx.out.result.write(lines.join('\n') + (lines.length ? '\n' : ''));
    });
}
