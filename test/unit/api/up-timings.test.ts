/** The recorder behind `up --timings`: steps from the lifecycle's events, on a clock the test moves. */
import { describe, expect, it } from 'vitest';
import { UpTimings } from '../../../src/api/timings.js';

function recorder() {
  let t = 1000;
  const timings = new UpTimings(() => t);
  return { timings, at: (ms: number) => (t = 1000 + ms) };
}

describe('up timings', () => {
  it('times phases, each container\'s start and readiness and each job, in the order they began', () => {
    const { timings, at } = recorder();
    at(100);
    timings.observe({ kind: 'phase', phase: 'images', action: 'begin' });
    at(300);
    timings.observe({ kind: 'phase', phase: 'images', action: 'end' });
    timings.observe({ kind: 'phase', phase: 'start', action: 'begin' });
    timings.observe({ kind: 'container', service: 'db', name: 'p-s-db-1', action: 'starting' });
    at(500);
    timings.observe({ kind: 'container', service: 'db', name: 'p-s-db-1', action: 'started' });
    at(2500);
    timings.observe({ kind: 'container', service: 'db', name: 'p-s-db-1', action: 'ready' });
    timings.observe({ kind: 'job', name: 'seed', action: 'running' });
    at(4000);
    timings.observe({ kind: 'job', name: 'seed', action: 'done' });
    timings.observe({ kind: 'phase', phase: 'start', action: 'end' });
    at(4100);
    expect(timings.rows()).toEqual([
      { step: 'total', atMs: 0, tookMs: 4100 },
      { step: 'images (build or check)', atMs: 100, tookMs: 200 },
      { step: 'start, readiness and jobs', atMs: 300, tookMs: 3700 },
      { step: 'start db', atMs: 300, tookMs: 200 },
      { step: 'ready db', atMs: 500, tookMs: 2000 },
      { step: 'job seed', atMs: 2500, tookMs: 1500 },
    ]);
  });

  it('names a scaled service\'s other containers by number, and tells failed, skipped and unfinished steps', () => {
    const { timings, at } = recorder();
    timings.observe({ kind: 'container', service: 'web', name: 'p-s-web-2', action: 'starting' });
    timings.observe({ kind: 'job', name: 'once', action: 'skipped', detail: 'done before' });
    timings.observe({ kind: 'job', name: 'migrate', action: 'running' });
    at(50);
    timings.observe({ kind: 'job', name: 'migrate', action: 'failed', detail: 'exit 1' });
    at(80);
    expect(timings.rows()).toEqual([
      { step: 'total', atMs: 0, tookMs: 80 },
      { step: 'job once', atMs: 0, tookMs: 0, outcome: 'skipped' },
      { step: 'job migrate', atMs: 0, tookMs: 50, outcome: 'failed' },
      { step: 'start web#2', atMs: 0, tookMs: 80, outcome: 'unfinished' },
    ]);
  });

  it('ignores what it does not time (images, volumes, warnings) and ends it never saw begin', () => {
    const { timings } = recorder();
    timings.observe({ kind: 'volume', name: 'v', action: 'created' });
    timings.observe({ kind: 'warning', message: 'w' });
    timings.observe({ kind: 'container', service: 'db', name: 'p-s-db-1', action: 'ready' });
    expect(timings.rows()).toEqual([{ step: 'total', atMs: 0, tookMs: 0 }]);
  });
});
