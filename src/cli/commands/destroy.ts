/** destroy (containers + networks, data kept unless asked) and remove (the whole set). */
import type { Command } from 'commander';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { openSet } from '../global-options.js';
import { printJson, say } from '../output.js';
import { lockTimeout, lockTimeoutOption, noWaitOption, type LockFlags } from '../lock-options.js';

export function registerDestroy(program: Command, runtime: CliRuntime): void {
  program
    .command('destroy')
    .description('remove a set\'s containers and networks; named volumes (the data) are kept')
    .argument('[set]', 'set name (default: the project name)')
    .option('--volumes', 'also remove the set\'s named volumes: its data')
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action(async (setName: string | undefined, flags: { volumes?: boolean } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, intent: 'destroy', verb: 'destroy', signal: ctx.signal });
      await set.destroy({ volumes: flags.volumes, events: ctx.events, signal: ctx.signal, ...lockTimeout(flags) });
      if (ctx.out.json) return printJson(ctx.out, { set: set.name, destroyed: true, volumesRemoved: Boolean(flags.volumes) });
      say(ctx.out, `set ${set.name} destroyed${flags.volumes ? ' with its data' : '; its data volumes are kept (destroy --volumes removes them)'}`);
    });

  program
    .command('remove')
    .description('remove a set entirely: containers, networks, volumes and its folder')
    .argument('[set]', 'set name (default: the project name)')
    .option('--images', 'also remove the images built for the set\'s project (unless another set still uses them)')
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action(async (setName: string | undefined, flags: { images?: boolean } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, intent: 'destroy', verb: 'remove', signal: ctx.signal });
      const { imagesKept } = await set.remove({ images: flags.images, events: ctx.events, signal: ctx.signal, ...lockTimeout(flags) });
      if (ctx.out.json) return printJson(ctx.out, { set: set.name, removed: true, imagesKept });
      say(ctx.out, `set ${set.name} removed`);
      if (imagesKept.length) say(ctx.out, `images still used by other sets kept: ${imagesKept.join(', ')}`);
    });
}
