// `npm run bench`, config part: how loading a project grows with the size of its file. A service
// with 5,000 and then 50,000 `environment:` entries is loaded in this process (the fastest of a few
// rounds); the ratio is ~10 when loading is linear (55,000 entries once took minutes). No engine
// is needed, and no limit is asserted (test/unit/model/load-scaling.test.ts does that).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../dist/model/load-project.js';

const SIZES = [5_000, 50_000];
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-load-'));

function project(entries) {
  const path = join(dir, String(entries));
  mkdirSync(path);
  const environment = Array.from({ length: entries }, (_, i) => `      VAR_${i}: value-${i}\n`).join('');
  writeFileSync(join(path, 'compose.yaml'), `services:\n  app:\n    image: busybox:latest\n    environment:\n${environment}`);
  return path;
}

async function fastest(path) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await loadProject({ cwd: path, env: {} });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

try {
  const paths = SIZES.map(project);
  await loadProject({ cwd: paths[0], env: {} }); // warm-up
  const [small, large] = [await fastest(paths[0]), await fastest(paths[1])];
  console.log(`load of a service with ${SIZES[0]} / ${SIZES[1]} environment entries (fastest of ${ROUNDS}):`);
  console.log(`  ${small.toFixed(0)} ms / ${large.toFixed(0)} ms   ratio ${(large / small).toFixed(1)}x   (linear: ${SIZES[1] / SIZES[0]}x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
