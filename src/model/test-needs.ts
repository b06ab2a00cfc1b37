/**
 * A test's `needs:`: other tests, or jobs of the project (x-testbed.jobs), that run first.
 * An unknown name or a cycle is an error at the test's position.
 */
import { positionAt } from '../config/config-tree.js';
import { findCycle } from './find-cycle.js';
import { nameList } from './name-list.js';
import type { Project } from './project.js';
import type { Located, TestDefinition } from './testbed-tests.js';

export function jobNames(project: Pick<Project, 'jobs'>): Set<string> {
  return new Set(Object.keys(project.jobs));
}

/** Fills each test's needs (tests or jobs); unknown names and cycles are errors. */
export function resolveNeeds(tests: TestDefinition[], located: Map<string, Located>, jobs: Set<string>): void {
  const byName = new Map(tests.map((t) => [t.name, t]));
  for (const test of tests) {
    const { raw, diagnostics, at } = located.get(test.name)!;
    const given = raw?.needs;
    const names = given === undefined ? [] : typeof given === 'string' ? [given] : given;
    names.forEach((name, i) => {
      const path = typeof given === 'string' ? [...at, 'needs'] : [...at, 'needs', i];
      const position = positionAt(diagnostics.tree, path);
      const withPosition = position ? { position } : {};
      if (name === test.name) diagnostics.error(path, 'a test cannot need itself');
      else if (byName.has(name) || located.has(name)) test.needs.push({ name, kind: 'test', ...withPosition });
      else if (jobs.has(name)) test.needs.push({ name, kind: 'job', ...withPosition });
      else {
        const known = nameList([...located.keys(), ...jobs]);
        diagnostics.error(path, `${name} is neither a test nor a job (known: ${known})`);
      }
    });
  }
  const cycle = findCycle(
    tests.map((t) => t.name),
    (name) => (byName.get(name)?.needs ?? []).filter((n) => n.kind === 'test').map((n) => n.name),
  );
  if (cycle) {
    const { diagnostics, at } = located.get(cycle[0]!)!;
    diagnostics.keyError([...at, 'needs'], `needs form a cycle: ${cycle.join(' -> ')}`);
  }
}
