/**
 * A job with `schedule:` is a CronJob on Kubernetes. On Docker there is no scheduler: `up`
 * does not run it, `testbed jobs` says when it would run, `testbed run` runs it now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
x-testbed:
  jobs:
    seed:
      service: app
      command: ["sh", "-c", "echo seeded >> /tmp/jobs.log"]
    nightly:
      service: app
      command: ["sh", "-c", "echo nightly >> /tmp/jobs.log"]
      schedule: "30 3 * * *"
`;

describe.skipIf(skipWithoutEngine)('a scheduled job on Docker', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('cron', COMPOSE);
  });
  afterAll(() => p.cleanup());

  const jobLog = async () => (await p.cli(['exec', 'sched', 'app', '--', 'cat', '/tmp/jobs.log'])).stdout.trim().split('\n');

  it('is not run by up, while the after-start job is', async () => {
    const up = await p.cli(['up', 'sched']);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('job seed done');
    expect(up.stderr).not.toContain('nightly');
    expect(await jobLog()).toEqual(['seeded']);
  });

  it('is listed as scheduled with its cron expression and next time', async () => {
    const res = await p.cli(['jobs']);
    expect(res.stdout).toMatch(/nightly\s+scheduled "30 3 \* \* \*", next \d{4}-\d\d-\d\d 03:30 UTC/);
    const json = JSON.parse((await p.cli(['jobs', '--json'])).stdout) as { name: string; when: string; nextRun?: string }[];
    const nightly = json.find((j) => j.name === 'nightly')!;
    expect(nightly.when).toBe('scheduled');
    expect(new Date(nightly.nextRun!).getTime()).toBeGreaterThan(Date.now());
  });

  it('runs now with testbed run, and still not on the next up', async () => {
    expect((await p.cli(['run', 'sched', 'nightly'])).code).toBe(0);
    expect(await jobLog()).toEqual(['seeded', 'nightly']);
    expect((await p.cli(['up', 'sched'])).code).toBe(0);
    expect(await jobLog()).toEqual(['seeded', 'nightly', 'seeded']);
  });
});
