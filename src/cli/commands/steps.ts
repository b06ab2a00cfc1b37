/** The separate steps of `up`: build, create, start. */
import type { Command } from 'commander';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { durationOption, nonNegativeInt } from '../option-parsers.js';
import { openSet } from '../global-options.js';
import { printJson, say } from '../output.js';
import { publishOption, reconfigureOption } from './up.js';
import { addValueOptions, flagOverrides, type ValueFlags } from '../value-options.js';
import { lockTimeout, lockTimeoutOption, noWaitAtAllOption, noWaitOption, type LockFlags } from '../lock-options.js';

export function registerSteps(program: Command, runtime: CliRuntime): void {
  program
    .command('build')
    .description('build the images of the services that have a build: section (unchanged sources are not rebuilt)')
    .argument('[set]', 'set name (default: the project name)')
    .argument('[services...]', 'only these services')
    .option('--no-cache', 'build without the engine\'s layer cache')
    .action(async (setName: string | undefined, services: string[], flags: { cache: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, intent: 'create', verb: 'build', signal: ctx.signal });
      const images = await set.build({
        services: services.length ? services : undefined,
        noCache: !flags.cache,
        events: ctx.events,
        signal: ctx.signal,
      });
      if (ctx.out.json) printJson(ctx.out, { images });
    });

  addValueOptions(
    program
      .command('create')
      .description('create the set\'s networks, volumes and containers without starting them')
      .argument('[set]', 'set name (default: the project name)')
      .addOption(publishOption())
      .option('--remove-orphans', 'remove containers of services no longer in the file')
      .addOption(reconfigureOption())
      .addOption(noWaitOption())
      .addOption(lockTimeoutOption()),
  ).action(
    async (setName: string | undefined, flags: { publish: 'loopback' | 'ephemeral'; removeOrphans?: boolean; reconfigure?: boolean } & ValueFlags & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, intent: 'create', reconfigure: flags.reconfigure, verb: 'create', signal: ctx.signal });
      await set.create({
        publish: flags.publish,
        removeOrphans: flags.removeOrphans,
        valueOverrides: flagOverrides(flags),
        events: ctx.events,
        signal: ctx.signal,
        ...lockTimeout(flags),
      });
      say(ctx.out, `set ${set.name} created; start it with: testbed start ${set.name}`);
    },
  );

  program
    .command('start')
    .description('start a created or stopped set in dependency order and wait until it is ready')
    .argument('[set]', 'set name (default: the project name)')
    .argument('[services...]', 'only these services (and what they depend on)')
    .addOption(noWaitAtAllOption())
    .addOption(lockTimeoutOption())
    .option('--timeout <duration>', 'how long readiness may take (default 120s)', durationOption)
    .addOption(reconfigureOption())
    .action(async (setName: string | undefined, services: string[], flags: { wait: boolean; timeout?: number; reconfigure?: boolean } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, reconfigure: flags.reconfigure, verb: 'start', signal: ctx.signal });
      await set.start({
        services: services.length ? services : undefined,
        wait: flags.wait,
        timeoutMs: flags.timeout,
        events: ctx.events,
        signal: ctx.signal,
        ...lockTimeout(flags),
      });
      say(ctx.out, `set ${set.name} started`);
    });

  program
    .command('stop')
    .description('stop a set\'s containers (dependents first); works without the file')
    .argument('[set]', 'set name (default: the project name)')
    .argument('[services...]', 'only these services')
    .option('-t, --timeout <seconds>', 'seconds to wait before killing', nonNegativeInt)
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action(async (setName: string | undefined, services: string[], flags: { timeout?: number } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      await set.stop({
        services: services.length ? services : undefined,
        timeoutSeconds: flags.timeout,
        events: ctx.events,
        signal: ctx.signal,
        ...lockTimeout(flags),
      });
      say(ctx.out, `set ${set.name} stopped`);
    });
}
