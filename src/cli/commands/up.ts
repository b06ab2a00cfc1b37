import { Option, type Command } from 'commander';
import { UsageError } from '../../common/errors.js';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { durationOption } from '../option-parsers.js';
import { openSet } from '../global-options.js';
import { printJson, say } from '../output.js';
import { renderStatus } from '../render/status.js';
import { renderTimings, timingsJson } from '../render/timings.js';
import { UpTimings } from '../../api/timings.js';
import type { LifecycleEvent } from '../../api/events.js';
import { addValueOptions, flagOverrides, type ValueFlags } from '../value-options.js';
import { lockTimeout, lockTimeoutOption, noWaitAtAllOption, type LockFlags } from '../lock-options.js';

export interface UpFlags {
  build: boolean;
  cache: boolean;
  wait: boolean;
  timeout?: number;
  publish: 'loopback' | 'ephemeral';
  removeOrphans?: boolean;
  from?: string;
  verify?: boolean;
  reconfigure?: boolean;
  timings?: boolean;
}

export const reconfigureOption = () =>
  new Option('--reconfigure', 'make the set from the Compose files, env files and profiles of this command, instead of those it was made with');

export const publishOption = () =>
  new Option('--publish <mode>', 'loopback: one 127.x address per service, ports as written; ephemeral: 127.0.0.1 and random ports')
    .choices(['loopback', 'ephemeral'])
    .default('loopback');

export function registerUp(program: Command, runtime: CliRuntime): void {
  const up = program
    .command('up')
    .description('build, create, start and wait until the set is ready')
    .argument('[set]', 'set name (default: the project name)')
    .argument('[services...]', 'only these services (and what they depend on)')
    .option('--no-build', 'do not build; fail if a built service has no current image')
    .option('--no-cache', 'build without the engine\'s layer cache')
    .addOption(noWaitAtAllOption())
    .addOption(lockTimeoutOption())
    .option('--timeout <duration>', 'how long readiness may take (default 120s)', durationOption)
    .addOption(publishOption())
    .option('--remove-orphans', 'remove containers of services no longer in the file')
    .option('--from <snapshot>', 'make the new set from a snapshot: its name, or a registry reference (pulled when absent)')
    .option('--verify', "with --from: check the data against the snapshot's checksums before anything starts")
    .addOption(reconfigureOption())
    .option('--timings', 'print how long each step took: images, templates, networks and volumes, create, start and readiness of each service, each job (also with -v)');
  addValueOptions(up)
    .action(async (setName: string | undefined, services: string[], flags: UpFlags & ValueFlags & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      if (flags.verify && !flags.from) throw new UsageError('--verify checks a set made from a snapshot: it needs --from');
      // Steps are timed from the lifecycle's own events; the total from here, so it includes
      // loading the files and finding the set (not Node's start and the CLI's imports, before).
      const timings = flags.timings || ctx.globals.verbose ? new UpTimings() : undefined;
      const { set } = await openSet(ctx.globals, ctx.out, setName, {
        project: true,
        intent: 'create',
        reconfigure: flags.reconfigure,
        verb: 'up',
        signal: ctx.signal,
        ...(flags.from ? { fromSnapshot: flags.from } : {}),
      });
      const events = timings
        ? (e: LifecycleEvent) => {
            timings.observe(e);
            ctx.events(e);
          }
        : ctx.events;
      try {
        await set.up({
          services: services.length ? services : undefined,
          build: flags.build,
          noCache: !flags.cache,
          wait: flags.wait,
          timeoutMs: flags.timeout,
          publish: flags.publish,
          removeOrphans: flags.removeOrphans,
          valueOverrides: flagOverrides(flags),
          from: flags.from,
          verify: flags.verify,
          events,
          signal: ctx.signal,
          ...lockTimeout(flags),
        });
      } finally {
        // Also when up fails: where the time went until then is what one wants to know.
        if (timings && !ctx.out.json) ctx.out.human.write(renderTimings(ctx.out, timings.rows()) + '\n');
      }
      const status = await set.status();
      if (ctx.out.json) {
        return printJson(ctx.out, { set: set.name, project: set.projectName, services: status, ...(timings ? { timings: timingsJson(timings.rows()) } : {}) });
      }
      say(ctx.out, `\nset ${set.name} is ${flags.wait ? 'ready' : 'started'}:`);
      say(ctx.out, renderStatus(ctx.out, status));
    });
}
