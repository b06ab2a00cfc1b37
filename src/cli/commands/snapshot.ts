/**
 * snapshot (take, ls, inspect, rm, push, pull, export, import) and reset. Taking one is
 * `testbed snapshot <set> <name>`; `snapshot create <set> <name>` is the same, for a set
 * named like one of the verbs.
 */
import type { Command } from 'commander';
import { Testbed } from '../../api/testbed.js';
import { UsageError } from '../../common/errors.js';
import type { Snapshots, SnapshotSummary } from '../../api/snapshots.js';
import { formatBytes } from '../../common/format-bytes.js';
import { commandContext, type CliRuntime, type CommandContext } from '../cli-context.js';
import { durationOption } from '../option-parsers.js';
import { addGlobalOptions, loadOptions, openSet } from '../global-options.js';
import { printJson, say } from '../output.js';
import { renderStatus } from '../render/status.js';
import { lockTimeout, lockTimeoutOption, noWaitAtAllOption, noWaitOption, type LockFlags } from '../lock-options.js';
import { age, table } from '../render/table.js';

interface TakeFlags extends LockFlags {
  pause?: boolean;
  force?: boolean;
}

export function registerSnapshot(program: Command, runtime: CliRuntime): void {
  const snapshot = program
    .command('snapshot')
    .description("save a set (its containers' files, volumes, secrets) as images; start new sets from it with up --from")
    .argument('[set]', 'the set to take it of')
    .argument('[name]', 'the snapshot\'s name (lowercase letters, digits, "-")')
    .option('--pause', 'pause the services while they are read, instead of stopping them (faster; files as after a crash)')
    .option('--force', 'take it even though the set no longer matches the file')
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action((set: string | undefined, name: string | undefined, flags: TakeFlags, cmd: Command) => take(cmd, runtime, set, name, flags));

  const sub = (name: string, description: string) => addGlobalOptions(snapshot.command(name).description(description)).exitOverride();

  sub('create', 'take a snapshot of a set (the same as: testbed snapshot SET NAME)')
    .argument('<set>')
    .argument('<name>')
    .option('--pause', 'pause the services instead of stopping them')
    .option('--force', 'take it even though the set no longer matches the file')
    .addOption(noWaitOption())
    .addOption(lockTimeoutOption())
    .action((set: string, name: string, flags: TakeFlags, cmd: Command) => take(cmd, runtime, set, name, flags));

  sub('ls', "the project's snapshots (every project's with --all)")
    .option('--all', 'snapshots of every project')
    .action(async (flags: { all?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const list = await (await snapshots(ctx)).list({ all: flags.all });
      if (ctx.out.json) return printJson(ctx.out, list);
      if (list.length === 0) return say(ctx.out, 'no snapshots; take one with: testbed snapshot SET NAME');
      ctx.out.result.write(
        table(
          ['PROJECT', 'NAME', 'FROM SET', 'SERVICES', 'DATA', 'AGE', 'REFERENCES'],
          list.map((s) => [s.project, s.name, s.set, s.services.join(','), formatBytes(s.dataBytes), age(new Date(s.createdAt)), s.refs.join(' ')]),
        ) + '\n',
      );
    });

  sub('inspect', 'what a snapshot holds: services, volumes with their checksums, where it came from (never secrets)')
    .argument('<name>', 'snapshot name, or image reference')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const info = await (await snapshots(ctx)).inspect(name);
      if (ctx.out.json) return printJson(ctx.out, info);
      const m = info.manifest;
      const lines = [
        `snapshot ${m.name} of set ${m.set} (project ${m.project}), taken ${m.createdAt} with the services ${m.mode}${m.forced ? ' (--force)' : ''}`,
        `references: ${info.refs.join(', ')}`,
        'services:',
        ...Object.entries(m.services).map(
          ([s, r]) =>
            `  ${s}: ${r.replicas} replica(s), image ${r.imageId.slice(7, 19)}, from ${'build' in r.source ? `build ${r.source.build.slice(0, 12)}` : r.source.image}` +
            r.anonymousVolumes.map((v) => `\n    volume at ${v.target}: ${formatBytes(v.bytes)}, ${v.entries} entries, sha256 ${v.checksum.slice(0, 16)}`).join(''),
        ),
        'volumes:',
        ...Object.entries(m.volumes).map(([k, v]) => `  ${k} (at ${v.mountedAt}): ${formatBytes(v.bytes)}, ${v.entries} entries, sha256 ${v.checksum.slice(0, 16)}`),
        `jobs done: ${m.jobsDone.join(', ') || 'none'}`,
        ...(m.madeWith ? [`made with: ${m.madeWith.files.join(', ')}${m.madeWith.profiles.length ? `, profiles ${m.madeWith.profiles.join(', ')}` : ''}`] : []),
      ];
      ctx.out.result.write(lines.join('\n') + '\n');
    });

  sub('rm', "remove a snapshot's images (refused while a set runs them)")
    .argument('<name...>', 'snapshot names, or image references')
    .action(async (names: string[], _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const store = await snapshots(ctx);
      const removed: Record<string, string[]> = {};
      for (const name of names) removed[name] = await store.remove(name, { events: ctx.events });
      if (ctx.out.json) printJson(ctx.out, { removed });
    });

  sub('push', "push a snapshot to a registry, with docker's credentials (docker login)")
    .argument('<name>', 'snapshot name, or image reference')
    .argument('<ref>', 'where to: host[:port]/repository[:tag]')
    .action(async (name: string, ref: string, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const pushed = await (await snapshots(ctx)).push(name, ref, { events: ctx.events });
      if (ctx.out.json) printJson(ctx.out, pushed);
    });

  sub('pull', 'pull a snapshot from a registry (up --from REF also pulls it when absent)')
    .argument('<ref>', 'host[:port]/repository[:tag]')
    .argument('[name]', 'also keep it as this local snapshot of its project')
    .action(async (ref: string, name: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const pulled = await (await snapshots(ctx)).pull(ref, { events: ctx.events, ...(name ? { name } : {}) });
      if (ctx.out.json) printJson(ctx.out, pulled);
    });

  sub('export', 'write a snapshot to one tar file (docker save), to carry it offline')
    .argument('<name>', 'snapshot name, or image reference')
    .argument('<file>', 'the tar file to write')
    .action(async (name: string, file: string, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const result = await (await snapshots(ctx)).export(name, file, { events: ctx.events });
      if (ctx.out.json) return printJson(ctx.out, { file, bytes: result.bytes, snapshot: result.snapshot });
      say(ctx.out, `${file}: ${formatBytes(result.bytes)}`);
    });

  sub('import', 'load snapshots from a tar file written by export')
    .argument('<file>')
    .action(async (file: string, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const imported = await (await snapshots(ctx)).import(file, { events: ctx.events });
      if (ctx.out.json) printJson(ctx.out, imported);
    });

  program
    .command('reset')
    .description('take a set made with up --from back to its snapshot: its data, secrets and jobs as they were')
    .argument('[set]', 'set name (default: the project name)')
    .addOption(noWaitAtAllOption())
    .addOption(lockTimeoutOption())
    .option('--timeout <duration>', 'how long readiness may take (default 120s)', durationOption)
    .option('--verify', "check the data against the snapshot's checksums before anything starts")
    .action(async (setName: string | undefined, flags: { wait: boolean; timeout?: number; verify?: boolean } & LockFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, intent: 'destroy', verb: 'reset', signal: ctx.signal });
      await set.reset({ wait: flags.wait, timeoutMs: flags.timeout, verify: flags.verify, events: ctx.events, signal: ctx.signal, ...lockTimeout(flags) });
      const status = await set.status();
      if (ctx.out.json) return printJson(ctx.out, { set: set.name, project: set.projectName, madeFrom: await set.madeFrom(), services: status });
      say(ctx.out, `\nset ${set.name} is back to its snapshot:`);
      say(ctx.out, renderStatus(ctx.out, status));
    });
}

async function take(cmd: Command, runtime: CliRuntime, setName: string | undefined, name: string | undefined, flags: TakeFlags): Promise<void> {
  const ctx = commandContext(cmd, runtime);
  if (!setName || !name) {
    throw new UsageError('snapshot needs the set and a name for the snapshot', {
      hint: 'testbed snapshot SET NAME takes one; testbed snapshot ls lists them (see testbed snapshot --help).',
    });
  }
  const { set } = await openSet(ctx.globals, ctx.out, setName, { project: true, signal: ctx.signal });
  const taken: SnapshotSummary = await set.snapshot(name, {
    pause: flags.pause,
    force: flags.force,
    events: ctx.events,
    signal: ctx.signal,
    ...lockTimeout(flags),
  });
  if (ctx.out.json) return printJson(ctx.out, taken);
  say(ctx.out, `start sets from it with: testbed up NEW-SET --from ${name}`);
}

async function snapshots(ctx: CommandContext): Promise<Snapshots> {
  const testbed = await Testbed.open({ ...loadOptions(ctx.globals), requireProject: false, signal: ctx.signal });
  return testbed.snapshots(ctx.globals.projectName);
}
