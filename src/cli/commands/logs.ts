import type { Command } from 'commander';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { durationOption, nonNegativeInt } from '../option-parsers.js';
import { openSet } from '../global-options.js';
import { colors } from '../output.js';

const PALETTE = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;

/** --since takes a duration back from now (10m) or a date (2026-11-23T10:00:00Z). */
export function parseSince(value: string, now = Date.now()): number {
  const asDate = Date.parse(value);
  if (!Number.isNaN(asDate) && /\d{4}-\d{2}-\d{2}/.test(value)) return Math.floor(asDate / 1000);
  return Math.floor((now - durationOption(value)) / 1000);
}

export function registerLogs(program: Command, runtime: CliRuntime): void {
  program
    .command('logs')
    .description('output of a set\'s services, prefixed and coloured per service')
    .argument('<set>', 'set name')
    .argument('[services...]', 'only these services')
    .option('-f, --follow', 'keep following new output until Ctrl-C')
    .option('--since <when>', 'only output since a duration ago (10m) or a date', (v) => parseSince(v))
    .option('-n, --tail <lines>', 'only the last N lines of each container', nonNegativeInt)
    .option('-t, --timestamps', 'show timestamps')
    .option('--no-prefix', 'no service prefix')
    .option('--reveal', 'show the set\'s secret values where services print them (masked as ******** by default)')
    .action(
      async (
        setName: string,
        services: string[],
        flags: { follow?: boolean; since?: number; tail?: number; timestamps?: boolean; prefix: boolean; reveal?: boolean },
        cmd: Command,
      ) => {
        const ctx = commandContext(cmd, runtime);
        const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
        const c = colors({ ...ctx.out, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
        const colorOf = new Map<string, (s: string) => string>();
        const width = Math.max(0, ...services.map((s) => s.length));
        await set.logs(
          { services, follow: flags.follow, since: flags.since, tail: flags.tail, timestamps: flags.timestamps, reveal: flags.reveal, signal: ctx.signal },
          (line) => {
            if (!colorOf.has(line.service)) colorOf.set(line.service, c[PALETTE[colorOf.size % PALETTE.length]!]);
            const name = line.replicas > 1 ? `${line.service}-${line.replica}` : line.service;
            const prefix = flags.prefix ? colorOf.get(line.service)!(`${name.padEnd(width)} | `) : '';
            if (ctx.out.json) {
              ctx.out.result.write(JSON.stringify({ service: line.service, replica: line.replica, stream: line.stream, line: line.line }) + '\n');
            } else ctx.out.result.write(prefix + line.line + '\n');
          },
        );
      },
    );
}
