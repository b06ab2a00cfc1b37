/** test, tests and results: running the project's tests against sets, and what they gave. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Testbed } from '../../api/testbed.js';
import { UsageError } from '../../common/errors.js';
import { allPassed, junitXml, loadTests, type TestRunReport, type TestSuite } from '../../api/tests.js';
import { EXIT } from '../exit-codes.js';
import { commandContext, type CliRuntime, type CommandContext } from '../cli-context.js';
import { loadOptions, openSet, printWarnings } from '../global-options.js';
import { positiveInt } from '../option-parsers.js';
import { colors, printJson, say } from '../output.js';
import { renderComparison, renderRuns, renderSummary, renderTestList, testProgress } from '../render/tests.js';

interface TestFlags {
  sets?: string[];
  parallel?: number;
  junit?: string;
}

const setList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function printSuiteWarnings(ctx: CommandContext, suite: TestSuite): void {
  if (ctx.out.json) return;
  const c = colors(ctx.out);
  for (const w of suite.warnings) {
    const where = w.position ? `${w.position.file}:${w.position.line}:${w.position.col}: ` : '';
    say(ctx.out, `${c.yellow('warning:')} ${where}${w.message}`);
  }
}

async function finish(ctx: CommandContext, runtime: CliRuntime, reports: TestRunReport[], junit: string | undefined): Promise<void> {
  if (junit) await writeFile(resolve(junit), junitXml(reports));
  runtime.exitCode = allPassed(reports) ? EXIT.ok : EXIT.testsFailed;
}

export function registerTest(program: Command, runtime: CliRuntime): void {
  program
    .command('test')
    .description('run the project\'s tests against a set (exit 0: all passed, 14: some failed or were skipped); --sets compares sets')
    .argument('[set]', 'set name (default: the project name); with --sets, the first test name')
    .argument('[names...]', 'tests to run (default: all); the tests they need run first')
    .option('--sets <a,b,...>', 'run each test on each of these sets and show the differences side by side', setList)
    .option('--parallel <n>', 'tests running at once (default 4)', positiveInt)
    .option('--junit <file>', 'also write a JUnit XML report to FILE')
    .action(async (first: string | undefined, rest: string[], flags: TestFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      if (flags.sets) {
        const names = first === undefined ? rest : [first, ...rest];
        return compareCommand(ctx, runtime, flags.sets, names, flags);
      }
      const { set } = await openSet(ctx.globals, ctx.out, first, { project: true, signal: ctx.signal });
      const suite = await set.tests();
      printSuiteWarnings(ctx, suite);
      const report = await set.test({
        suite,
        names: rest,
        ...(flags.parallel ? { concurrency: flags.parallel } : {}),
        events: testProgress(ctx.out, false),
        signal: ctx.signal,
      });
      if (ctx.out.json) printJson(ctx.out, report);
      else ctx.out.result.write(renderSummary(ctx.out, [report]).replace(/^\n/, '') + '\n');
      await finish(ctx, runtime, [report], flags.junit);
    });

  program
    .command('tests')
    .description('list the project\'s tests: where each runs, what it needs, its description')
    .argument('[set]', 'as this set was made (its Compose files and profiles)')
    .action(async (setName: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = setName
        ? await Testbed.loadProjectForSet(setName, { ...loadOptions(ctx.globals, ctx.signal), intent: 'use' })
        : await Testbed.loadProject(loadOptions(ctx.globals, ctx.signal));
      printWarnings(ctx.out, project);
      const suite = await loadTests(project);
      printSuiteWarnings(ctx, suite);
      if (ctx.out.json) return printJson(ctx.out, suite.tests);
      ctx.out.result.write(renderTestList(ctx.out, suite) + '\n');
    });

  program
    .command('results')
    .description('the last stored test runs of a set, or of one test')
    .argument('[set]', 'set name (default: the project name)')
    .argument('[test]', 'only this test: its last results')
    .option('--limit <n>', 'how many runs (default 10)', positiveInt, 10)
    .action(async (setName: string | undefined, test: string | undefined, flags: { limit: number }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      const runs = await set.testResults({ limit: flags.limit, ...(test ? { test } : {}) });
      if (ctx.out.json) return printJson(ctx.out, runs);
      ctx.out.result.write(renderRuns(ctx.out, runs, test) + '\n');
    });
}

async function compareCommand(ctx: CommandContext, runtime: CliRuntime, setNames: string[], names: string[], flags: TestFlags): Promise<void> {
  if (setNames.length < 2) throw new UsageError('--sets needs two sets or more, separated by commas', { hint: 'Example: testbed test --sets old,new' });
  const testbed = await Testbed.open({ ...loadOptions(ctx.globals), requireProject: false, signal: ctx.signal });
  printWarnings(ctx.out, testbed.project);
  printSuiteWarnings(ctx, await (await testbed.set(setNames[0], { intent: 'use' })).tests());
  const comparison = await testbed.compareSets(
    setNames,
    {
      names,
      ...(flags.parallel ? { concurrency: flags.parallel } : {}),
      events: testProgress(ctx.out, true),
      signal: ctx.signal,
    },
    ctx.globals.projectName,
  );
  if (ctx.out.json) printJson(ctx.out, comparison);
  else {
    ctx.out.result.write(renderComparison(ctx.out, comparison) + '\n');
    ctx.out.result.write(renderSummary(ctx.out, comparison.reports) + '\n');
  }
  await finish(ctx, runtime, comparison.reports, flags.junit);
}
