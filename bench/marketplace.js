// `npm run bench`, third part: examples/marketplace (seed 001) at its full size
// (x-testbed.values.catalogue_rows, 200,000 services; BENCH_MARKETPLACE_ROWS to change it), in one run:
//   1. stand-up from nothing: `up --no-cache` of a new set (every image built without the
//      engine's layer cache, then started, seeded and indexed);
//   2. stand-up with cached images: `up` of another new set (started, seeded and indexed);
//   3. `up --from` a snapshot of the seeded set, BENCH_MARKETPLACE_ROUNDS times (median).
// Each is `testbed` in a fresh process, timed until the set is ready; progress lines are
// time-stamped as they arrive to show where the time goes. Runs under a project name of its own,
// so that it removes exactly the sets, snapshot and images it made. No limit is asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

const here = import.meta.dirname;
const bin = join(here, '..', 'bin', 'testbed.js');
const example = join(here, '..', 'examples', 'marketplace');
const ROWS = process.env.BENCH_MARKETPLACE_ROWS; // default: the file's value
const ROUNDS = Number(process.env.BENCH_MARKETPLACE_ROUNDS ?? 3);
const project = `benchmkt${process.pid}`;
const stateDir = mkdtempSync(join(tmpdir(), 'testbed-bench-mkt-'));
const docker = new Docker();

/** testbed with the example's base file only (no development override), its stderr lines time-stamped. */
function testbed(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
    const child = spawn(process.execPath, [bin, '-p', project, '-f', join(example, 'compose.yaml'), ...args], {
      env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    let stdout = '';
    let rest = '';
    const timer = setTimeout(() => child.kill('SIGINT'), 3_600_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop();
      for (const text of parts) lines.push({ ms: elapsed(), text });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = elapsed();
      if (code !== 0) return reject(new Error(`testbed ${args.join(' ')} exited ${code}:\n${lines.slice(-30).map((l) => l.text).join('\n')}`));
      resolve({ ms, lines, stdout });
    });
  });
}

/** When the first line matching `re` arrived, in ms from the command's start. */
const at = (run, re) => run.lines.find((l) => re.test(l.text))?.ms;

async function psql(set, sql) {
  const { stdout } = await testbed(['exec', set, 'db', '--', 'psql', '--no-psqlrc', '-tA', '-d', 'marketplace', '-c', sql]);
  return stdout.trim();
}

/** A job's own duration, from the result the set's folder keeps of its last run. */
function jobSeconds(set, job) {
  const dir = join(stateDir, project, set, 'jobs', job);
  const last = readdirSync(dir).filter((d) => d !== 'done').sort().at(-1);
  const r = JSON.parse(readFileSync(join(dir, last, 'result.json'), 'utf8'));
  return (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
}

async function removeProjectImages() {
  const images = await docker.listImages({ filters: { label: [`dev.testbed.project=${project}`] } });
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) await docker.getImage(tag).remove().catch(() => {});
  }
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const values = ROWS ? ['--set-value', `catalogue_rows=${ROWS}`] : [];
const made = [];

function phases(run, set) {
  const built = at(run, new RegExp(`${project}-${set}-db-1 created`));
  const dbReady = at(run, new RegExp(`${project}-${set}-db-1 ready`));
  return (
    `images ${built ? s(built) : '-'}, db ready at ${dbReady ? s(dbReady) : '-'}, ` +
    `seed job ${jobSeconds(set, 'seed').toFixed(1)} s, index job ${jobSeconds(set, 'index').toFixed(1)} s`
  );
}

try {
  await removeProjectImages(); // none, under a new project name: stated so that "from nothing" is true
  made.push('cold');
  const cold = await testbed(['up', 'cold', '--no-cache', '--timeout', '60m', ...values]);
  made.push('warm');
  const warm = await testbed(['up', 'warm', '--timeout', '60m', ...values]);
  const facts = await psql('warm', "SELECT count(*) || ' services, ' || (SELECT count(*) FROM suppliers) || ' suppliers, database ' || pg_size_pretty(pg_database_size('marketplace')) FROM services");
  const snapshot = await testbed(['snapshot', 'warm', 'seeded']);
  const restores = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const set = `copy${round}`;
    made.push(set);
    const run = await testbed(['up', set, '--from', 'seeded', '--timeout', '10m']);
    restores.push(run);
    const [count, hits] = [await psql(set, 'SELECT count(*) FROM services'), await psql(set, "SELECT count(*) FROM search_index WHERE document @@ websearch_to_tsquery('english', 'payroll')")];
    if (count !== (ROWS ?? '200000') || Number(hits) === 0) throw new Error(`set ${set} made from the snapshot has ${count} services and ${hits} search hits`);
    await testbed(['remove', set]);
    made.pop();
  }
  const restore = median(restores.map((r) => r.ms));
  const restoreRun = restores.find((r) => r.ms === restore);
  const filled = at(restoreRun, /volume db-data: filled/);

  console.log(`examples/marketplace (${facts}), each step a fresh testbed process, until the set is ready:`);
  console.log(`  1. up from nothing (--no-cache)   ${s(cold.ms).padStart(9)}   ${phases(cold, 'cold')}`);
  console.log(`  2. up with cached images          ${s(warm.ms).padStart(9)}   ${phases(warm, 'warm')}`);
  console.log(`     snapshot of the seeded set     ${s(snapshot.ms).padStart(9)}`);
  console.log(
    `  3. up --from the snapshot         ${s(restore).padStart(9)}   median of [${restores.map((r) => (r.ms / 1000).toFixed(1)).join(', ')}] s; ` +
      `data volume filled at ${filled ? s(filled) : '-'}`,
  );
  console.log(`ratio from nothing / from snapshot:  ${(cold.ms / restore).toFixed(1)}x   (target >= 50x)`);
  console.log(`ratio cached images / from snapshot: ${(warm.ms / restore).toFixed(1)}x`);
} finally {
  for (const set of made.filter((x) => x.startsWith('copy'))) await testbed(['remove', set]).catch(() => {});
  await testbed(['snapshot', 'rm', 'seeded']).catch(() => {});
  await testbed(['remove', 'warm']).catch(() => {});
  // Last, with the images built for it, once no other set of the project runs them.
  await testbed(['remove', 'cold', '--images']).catch(() => {});
  await removeProjectImages();
  rmSync(stateDir, { recursive: true, force: true });
}
