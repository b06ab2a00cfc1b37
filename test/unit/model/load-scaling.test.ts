/**
 * Loading is roughly linear in the size of the files: a project ten times larger takes about
 * ten times as long, not a hundred. Each part of the generated project is a shape that was once
 * quadratic somewhere in parse, merge, validation, normalisation or the test model (55,000
 * environment entries did not finish). Timing is a ratio with generous slack, measured on the
 * fastest of a few runs, so a slow or busy machine does not fail it; a quadratic step does.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/model/load-project.js';
import { loadTests } from '../../../src/model/testbed-tests.js';
import { tempFiles } from '../config/temp-files.js';

/** A project with `n` of each (5n environment entries): merged ports and volumes, aliased services, chained tests and jobs. */
function files(n: number): Record<string, string> {
  const lines = (f: (i: number) => string, count = n) => Array.from({ length: count }, (_, i) => f(i)).join('\n');
  // Environment entries are cheap to load: more of them, so that a quadratic step among them shows.
  const many = (f: (i: number) => string) => lines(f, 5 * n);
  const base = [
    'x-shared: &shared { image: busybox:latest }',
    'services:',
    '  app:',
    '    image: busybox:latest',
    '    environment:',
    many((i) => `      VAR_${i}: value-${i}`),
    '    ports:',
    lines((i) => `      - "127.0.0.1:${10_000 + i}:${10_000 + i}"`),
    '    volumes:',
    lines((i) => `      - ./d${i}:/d${i}`),
    lines((i) => `  s${i}: *shared`),
    'x-testbed:',
    '  jobs:',
    lines((i) => `    j${i}: { image: busybox:latest, command: ["true"], when: manual${i + 1 < n ? `, depends_on: [j${i + 1}]` : ''} }`),
    '  tests:',
    lines((i) => `    t${i}: { image: busybox:latest, command: ["true"]${i + 1 < n ? `, needs: [t${i + 1}]` : ''} }`),
  ];
  const override = [
    'services:',
    '  app:',
    '    environment:',
    many((i) => `      - VAR_${i}=other-${i}`),
    '    ports:',
    lines((i) => `      - "127.0.0.1:${10_000 + i}:${10_000 + i}"`),
    '    volumes:',
    lines((i) => `      - ./e${i}:/d${i}`),
  ];
  return { 'compose.yaml': `${base.join('\n')}\n`, 'compose.override.yaml': `${override.join('\n')}\n` };
}

async function fastestLoad(n: number, runs: number): Promise<number> {
  const temp = await tempFiles(files(n));
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const project = await loadProject({ cwd: temp.dir, env: {} });
    const suite = await loadTests(project, { cwd: temp.dir });
    best = Math.min(best, performance.now() - started);
    expect(Object.keys(project.services)).toHaveLength(n + 1);
    expect(project.services.app!.environment.VAR_0).toBe('other-0');
    expect(suite.tests).toHaveLength(n);
  }
  return best;
}

describe('loading time', () => {
  it('grows about linearly with the size of the files', { timeout: 120_000 }, async () => {
    const small = 200;
    const large = 2_000;
    await fastestLoad(small, 1); // warm up the JIT, the schemas and the file system
    const smallMs = await fastestLoad(small, 3);
    const largeMs = await fastestLoad(large, 2);
    const ratio = largeMs / smallMs;
    // Linear is 10x; quadratic would be 100x. Slack for GC and a busy machine.
    expect(ratio, `${small}: ${smallMs.toFixed(0)} ms, ${large}: ${largeMs.toFixed(0)} ms`).toBeLessThan(30);
  });
});
