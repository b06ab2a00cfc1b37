/** ui: the web dashboard of every set on the engine, on 127.0.0.1, until Ctrl-C. */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { Testbed } from '../../api/testbed.js';
import { PortInUseError } from '../../common/errors.js';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { loadOptions } from '../global-options.js';
import { nonNegativeInt } from '../option-parsers.js';
import { say } from '../output.js';

export function registerUi(program: Command, runtime: CliRuntime): void {
  program
    .command('ui')
    .description('a web dashboard of the sets on 127.0.0.1: status live, logs, tests, snapshots; the URL printed carries its access token')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', nonNegativeInt)
    .option('--open', 'open the dashboard in the desktop\'s browser')
    .action(async (flags: { port?: number; open?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const testbed = await Testbed.open({ ...loadOptions(ctx.globals, ctx.signal), requireProject: false, signal: ctx.signal });
      const { startDashboard } = await import('../../ui/server.js');
      const dashboard = await startDashboard({ testbed, ...(flags.port !== undefined ? { port: flags.port } : {}) }).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
        throw new PortInUseError(`port ${flags.port} of 127.0.0.1 is in use`, { hint: 'Choose another with --port N, or leave --port out for a free one.' });
      });
      // The URL (with its token) is the result: stdout, also with -q.
      ctx.out.result.write(`${dashboard.url}\n`);
      say(ctx.out, 'testbed ui: serving on 127.0.0.1 only; Ctrl-C stops it');
      if (flags.open) spawn('xdg-open', [dashboard.url], { stdio: 'ignore', detached: true }).on('error', () => say(ctx.out, 'could not open a browser: open the URL above')).unref();
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await dashboard.close();
    });
}
