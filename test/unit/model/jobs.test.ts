/** x-testbed jobs as the model reads them: targets, defaults, order checks, profiles. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobSummaries } from '../../../src/api/jobs.js';
import { loadProject } from '../../../src/model/load-project.js';

async function load(compose: string, profiles: string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-jobs-'));
  await writeFile(join(dir, 'compose.yaml'), compose);
  return loadProject({ cwd: dir, env: {}, profiles });
}

const BASE = `
services:
  db: { image: busybox:latest }
  app:
    image: busybox:latest
    x-testbed: { after_jobs: [migrate] }
  extra: { image: busybox:latest, profiles: [extra] }
`;

describe('jobs', () => {
  it('reads targets, defaults and order; a string command stays whole until it is rendered', async () => {
    const p = await load(`${BASE}
x-testbed:
  jobs:
    seed: { service: db, command: "psql -c '{{ values.q }}'", once: true }
    migrate: { run: app, command: [migrate, up], depends_on: [seed], timeout: 90s }
    report: { image: busybox:latest, command: ["true"], when: manual }
`);
    expect(p.jobs.seed).toMatchObject({ target: { kind: 'exec', service: 'db', replica: 1 }, command: "psql -c '{{ values.q }}'", once: true, when: 'after-start', dependsOn: ['db'], timeoutMs: 600_000 });
    expect(p.jobs.migrate).toMatchObject({ target: { kind: 'run', service: 'app' }, command: ['migrate', 'up'], dependsOn: ['seed'], timeoutMs: 90_000 });
    expect(p.jobs.report).toMatchObject({ when: 'manual', dependsOn: [] });
    expect(p.services.app!.afterJobs).toEqual(['migrate']);
  });

  it('a loop between services and jobs is an error naming the loop', async () => {
    const error = await load(`${BASE}
x-testbed:
  jobs:
    migrate: { service: app, command: ["true"] }
`).catch((e) => e);
    expect(error.message).toMatch(/loop: job:migrate -> app -> job:migrate/);
  });

  it('a service cannot wait for a manual job, nor for one that does not exist', async () => {
    const manual = await load(`${BASE}
x-testbed:
  jobs:
    migrate: { image: busybox:latest, command: ["true"], when: manual }
`).catch((e) => e);
    expect(manual.message).toMatch(/job migrate is manual, so the service would never start/);
    const missing = await load(BASE).catch((e) => e);
    expect(missing.message).toMatch(/compose\.yaml:\d+:\d+: services\.app\.x-testbed\.after_jobs\[0\]: job migrate is not declared/);
  });

  it('a job of a service a profile leaves out is kept but marked, and so are the jobs after it', async () => {
    const p = await load(`${BASE}
x-testbed:
  jobs:
    migrate: { image: busybox:latest, command: ["true"] }
    fill: { service: extra, command: ["true"] }
    after-fill: { image: busybox:latest, command: ["true"], depends_on: [fill] }
`);
    expect(p.jobs.fill!.inactiveService).toBe('extra');
    expect(p.jobs['after-fill']!.inactiveService).toBe('extra');
    expect(p.jobs.migrate!.inactiveService).toBeUndefined();
    const withProfile = await load(`${BASE}
x-testbed:
  jobs:
    migrate: { image: busybox:latest, command: ["true"] }
    fill: { service: extra, command: ["true"] }
`, ['extra']);
    expect(withProfile.jobs.fill!.inactiveService).toBeUndefined();
  });
});

describe('scheduled jobs', () => {
  const scheduled = (schedule: string, extra = '') => `${BASE}
x-testbed:
  jobs:
    migrate: { image: busybox:latest, command: ["true"] }
    nightly: { image: busybox:latest, command: ["true"], schedule: "${schedule}" }
${extra}`;

  it('keep their cron expression; five fields or a macro as Kubernetes takes them', async () => {
    for (const schedule of ['0 3 * * *', '*/15 * * * 1-5', '@daily', '@midnight']) {
      expect((await load(scheduled(schedule))).jobs.nightly).toMatchObject({ schedule, when: 'after-start' });
    }
  });

  it('a schedule that is not a cron expression is an error at its position', async () => {
    for (const [schedule, why] of [
      ['0 0 3 * * *', /expected five fields/],
      ['61 * * * *', /got value 61 expected range 0-59/],
      ['@often', /expected five fields/],
    ] as const) {
      const error = await load(scheduled(schedule)).catch((e) => e);
      expect(error.message).toMatch(/compose\.yaml:\d+:\d+: .*schedule/);
      expect(error.message).toMatch(why);
    }
  });

  it('nothing up runs may wait for one: neither a service nor an after-start job', async () => {
    const service = await load(`${BASE}
x-testbed:
  jobs:
    migrate: { image: busybox:latest, command: ["true"], schedule: "0 3 * * *" }
`).catch((e) => e);
    expect(service.message).toMatch(/job migrate runs on a schedule, so the service would never start/);
    const job = await load(scheduled('0 3 * * *', '    report: { image: busybox:latest, command: ["true"], depends_on: [nightly] }\n')).catch((e) => e);
    expect(job.message).toMatch(/job nightly runs on a schedule, so up would never run it before this one/);
  });

  it('are listed as scheduled with the next time their expression names, in UTC', async () => {
    const p = await load(scheduled('30 3 * * *'));
    const jobs = jobSummaries(p, new Date('2026-12-01T22:00:00Z'));
    expect(jobs.find((j) => j.name === 'nightly')).toMatchObject({ when: 'scheduled', schedule: '30 3 * * *', nextRun: '2026-12-02T03:30:00.000Z' });
    expect(jobs.find((j) => j.name === 'migrate')).toMatchObject({ when: 'after-start' });
    expect(jobs.find((j) => j.name === 'migrate')).not.toHaveProperty('nextRun');
  });
});
