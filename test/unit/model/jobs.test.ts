/** x-testbed jobs as the model reads them: targets, defaults, order checks, profiles. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
