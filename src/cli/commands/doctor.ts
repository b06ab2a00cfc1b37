/** doctor: a twelve-factor and production-readiness audit of the file and of a set (docs/doctor.md). */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { doctor, doctorJunitXml, failsAt, type FailOn } from '../../api/doctor.js';
import { EXIT } from '../exit-codes.js';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { durationOption } from '../option-parsers.js';
import { loadOptions } from '../global-options.js';
import { printJson } from '../output.js';
import { renderDoctor } from '../render/doctor.js';

interface DoctorFlags {
  live?: boolean;
  junit?: string;
  failOn: FailOn;
  timeout?: number;
  all?: boolean;
}

export function registerDoctor(program: Command, runtime: CliRuntime): void {
  program
    .command('doctor')
    .description('audit the file and a running set against the twelve factors and for production (exit 30 when a check fails)')
    .argument('[set]', 'the set to look at (default: the project name); not up: the file only')
    .argument('[services...]', 'only these services')
    .option('--live', 'make a throwaway set (and one with every service under a random uid), look at them, remove them')
    .option('--junit <file>', 'also write a JUnit XML report to FILE')
    .addOption(new Option('--fail-on <level>', 'exit 30 on failures (fail), or on warnings too (warn)').choices(['warn', 'fail']).default('fail'))
    .option('--all', 'show the checks that passed too')
    .option('--timeout <duration>', 'how long a throwaway set may take to be ready (default 120s)', durationOption)
    .action(async (setName: string | undefined, services: string[], flags: DoctorFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const report = await doctor({
        ...loadOptions(ctx.globals),
        ...(setName ? { set: setName } : {}),
        ...(ctx.globals.projectName ? { project: ctx.globals.projectName } : {}),
        ...(services.length ? { services } : {}),
        ...(flags.live ? { live: true } : {}),
        ...(flags.timeout ? { timeoutMs: flags.timeout } : {}),
        events: ctx.events,
        signal: ctx.signal,
      });
      if (ctx.out.json) printJson(ctx.out, report);
      else ctx.out.result.write(renderDoctor(ctx.out, report, { passes: Boolean(flags.all) }) + '\n');
      if (flags.junit) await writeFile(resolve(flags.junit), doctorJunitXml(report, flags.failOn));
      runtime.exitCode = failsAt(report, flags.failOn) ? EXIT.doctorFindings : EXIT.ok;
    });
}
