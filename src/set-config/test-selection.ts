/**
 * Which tests a run runs: the ones named (all when none are), plus every test they need, so
 * that `testbed test demo db-rows` also runs what db-rows needs first; and an order in which
 * each test comes after the tests it needs (a cluster runs them one by one).
 */
import { closest } from 'fastest-levenshtein';
import { ConfigError, NotFoundError, UsageError } from '../common/errors.js';
import type { TestDefinition, TestSuite } from '../model/testbed-tests.js';

export function selectTests(suite: TestSuite, names: readonly string[] = []): TestDefinition[] {
  if (suite.tests.length === 0) {
    throw new UsageError('the project defines no tests', {
      hint: 'Add them under x-testbed.tests, or in files named by x-testbed.include_tests (see docs/testing.md).',
    });
  }
  const byName = new Map(suite.tests.map((t) => [t.name, t]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    const suggestion = closest(unknown[0]!, [...byName.keys()]);
    throw new NotFoundError('TEST_NOT_FOUND', `no test named ${unknown.join(', ')}`, { hint: `Did you mean ${suggestion}? testbed tests lists them.` });
  }
  if (names.length === 0) return suite.tests;
  const chosen = new Set<string>();
  const add = (name: string) => {
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const need of byName.get(name)!.needs) if (need.kind === 'test') add(need.name);
  };
  names.forEach(add);
  return suite.tests.filter((t) => chosen.has(t.name));
}

/** Jobs some selected test needs, when nothing here can run jobs: a configuration error at each need. */
export function checkJobNeeds(tests: readonly TestDefinition[], canRunJobs: boolean): void {
  if (canRunJobs) return;
  const issues = tests.flatMap((t) =>
    t.needs
      .filter((n) => n.kind === 'job')
      .map((n) => ({
        message: `test ${t.name} needs job ${n.name}, and jobs cannot run here (no job runner was given)`,
        ...(n.position ? { position: n.position } : {}),
      })),
  );
  if (issues.length > 0) throw new ConfigError(issues, { hint: 'Run the job first (testbed run), or remove it from needs:.' });
}

/** The tests, each after the tests it needs (a loop was refused when they were loaded). */
export function testsInNeedOrder(tests: readonly TestDefinition[]): TestDefinition[] {
  const byName = new Map(tests.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TestDefinition[] = [];
  const visit = (t: TestDefinition, path: string[]) => {
    if (done.has(t.name) || path.includes(t.name)) return;
    for (const n of t.needs) {
      const dep = n.kind === 'test' ? byName.get(n.name) : undefined;
      if (dep) visit(dep, [...path, t.name]);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tests) visit(t, []);
  return out;
}
