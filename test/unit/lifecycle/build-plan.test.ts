import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBuilds } from '../../../src/lifecycle/build-plan.js';
import { loadProject } from '../../../src/model/load-project.js';
import { tempFiles } from '../config/temp-files.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('planned builds', () => {
  it('the wikifarm builds four images for six built services: db and replica, phpfpm and snapshot share', async () => {
    const project = await loadProject({ cwd: join(ROOT, 'examples', 'wikifarm'), env: {}, profiles: ['replica', 'dumpsweb'] });
    const built = Object.values(project.services).filter((s) => s.build).map((s) => s.name);
    expect(built).toHaveLength(6);
    const plans = await planBuilds(project, Object.keys(project.services));
    expect(plans.map((p) => p.services)).toEqual([['db', 'replica'], ['phpfpm', 'snapshot'], ['web'], ['dumpsweb']]);
  });

  it('a different arg, target or Dockerfile is another build; services without a build are left out', async () => {
    const temp = await tempFiles({
      'compose.yaml': `services:
  a: { build: ./app }
  b: { build: { context: ./app } }
  c: { build: { context: ./app, args: { MODE: fast } } }
  d: { build: { context: ./app, target: slim } }
  e: { build: { context: ./app, dockerfile: Other.Dockerfile } }
  f: { image: busybox:latest }
`,
      'app/Dockerfile': 'FROM busybox:latest AS slim\n',
      'app/Other.Dockerfile': 'FROM busybox:latest\n',
    });
    const project = await loadProject({ cwd: temp.dir, env: {} });
    const plans = await planBuilds(project, Object.keys(project.services));
    expect(plans.map((p) => p.services)).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    expect(new Set(plans.map((p) => p.hash)).size).toBe(4);
  });
});
