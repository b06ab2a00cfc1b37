/**
 * `up --timings` (and `up -v`) says where the time went: images, templates, networks and
 * volumes, containers, then each service's start and readiness and each job, in the order the
 * lifecycle did them. Orders and presence are checked, never durations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

interface Row {
  step: string;
  atMs: number;
  tookMs: number;
  outcome?: string;
}

const PHASES = ['images (build or check)', 'templates and secrets', 'networks and volumes', 'create containers', 'start, readiness and jobs'];

describe.skipIf(skipWithoutEngine)('up --timings', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('timings', `services:
  db:
    image: busybox:latest
    command: ["sh", "-c", "sleep 1; touch /tmp/up; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/up"]
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    configs:
      - source: greeting
        target: /etc/greeting
    depends_on:
      db: { condition: service_healthy }
configs:
  greeting:
    file: ./greeting.txt.liquid
x-testbed:
  jobs:
    seed:
      service: db
      command: ["sh", "-c", "echo seeded"]
      once: true
`);
    await p.write('greeting.txt.liquid', 'hello {{ set.name }}\n');
  });
  afterAll(async () => {
    await p?.cleanup();
  });

  it('prints each phase, each service\'s start and readiness and each job, in the order they happened', async () => {
    const res = await p.cli(['up', 'timed', '--timings', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const rows = (JSON.parse(res.stdout) as { timings: Row[] }).timings;
    const at = (step: string) => {
      const row = rows.find((r) => r.step === step);
      expect(row, `a row for "${step}" in ${JSON.stringify(rows)}`).toBeDefined();
      return row!;
    };
    expect(rows[0]!.step).toBe('total');
    for (const step of [...PHASES, 'start db', 'ready db', 'job seed', 'start app', 'ready app']) at(step);
    // The phases come one after another, in the lifecycle's order.
    for (let i = 1; i < PHASES.length; i++) expect(at(PHASES[i]!).atMs).toBeGreaterThanOrEqual(at(PHASES[i - 1]!).atMs + at(PHASES[i - 1]!).tookMs);
    // What waits for db's health begins once db is ready: the job and app's start.
    const dbReady = at('ready db').atMs + at('ready db').tookMs;
    expect(at('ready db').atMs).toBeGreaterThanOrEqual(at('start db').atMs + at('start db').tookMs);
    expect(at('job seed').atMs).toBeGreaterThanOrEqual(dbReady);
    expect(at('start app').atMs).toBeGreaterThanOrEqual(dbReady);
    expect(rows.every((r) => r.outcome === undefined)).toBe(true);
    // The total holds everything else.
    const total = at('total').tookMs;
    for (const r of rows) expect(r.atMs + r.tookMs).toBeLessThanOrEqual(total);
  });

  it('on a set that is up already, shows no start for running containers and the once job as skipped', async () => {
    const res = await p.cli(['up', 'timed', '--timings']);
    expect(res.code, res.stderr).toBe(0);
    const table = res.stderr.slice(res.stderr.indexOf('timings (seconds from the start of up):'));
    expect(table).toMatch(/^AT\s+TOOK\s+STEP$/m);
    expect(table).toMatch(/^\d+\.\d\s+\d+\.\d\s+total$/m);
    expect(table).toMatch(/^\d+\.\d\s+\d+\.\d\s+images \(build or check\)$/m);
    expect(table).toMatch(/job seed \(skipped\)$/m);
    expect(table).not.toMatch(/start db$/m);
  });

  it('up -v prints the timings too, and plain up does not', async () => {
    const verbose = await p.cli(['up', 'timed', '-v']);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr).toContain('timings (seconds from the start of up):');
    const plain = await p.cli(['up', 'timed']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain('timings (seconds');
  });
});
