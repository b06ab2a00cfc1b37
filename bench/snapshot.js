// `npm run bench`, last part: a PostgreSQL set seeded with a fixed data set (a product catalogue
// of BENCH_SNAPSHOT_ROWS rows, 1M by default, with the indexes a search page needs), against a set
// made from a snapshot of it: copy-on-write (the default; the first restore fills the snapshot's
// data volume, once per engine, and is shown apart) and by copy (TESTBED_SNAPSHOT_RESTORE=copy).
// Each step is `testbed` in a fresh process, timed until the set is ready; restores run several
// rounds and their medians are compared. No limit is asserted.
import { loadavg } from 'node:os';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = Number(process.env.BENCH_SNAPSHOT_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_SNAPSHOT_ROUNDS ?? 3);
const here = import.meta.dirname;
const bin = join(here, '..', 'bin', 'testbed.js');
const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-snapshot-'));
const project = `benchsnap${process.pid}`;

// A catalogue as a shop's seed makes it: rows with titles and descriptions from a vocabulary,
// then the indexes its pages need: by category and price, full-text search, and fuzzy title
// search (building search indexes is the slow part of real seeds). Inserting from
// generate_series is the fastest import there is: a seed that goes through an application is slower.
const SEED = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE products (
  id bigint PRIMARY KEY,
  sku text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  price numeric(10,2) NOT NULL,
  category integer NOT NULL
);
INSERT INTO products
SELECT i,
       'SKU-' || lpad(i::text, 8, '0'),
       'product ' || (SELECT string_agg('w' || ((i::bigint * 7919 + k * 104729) % 20000), ' ') FROM generate_series(1, 4) AS k),
       (SELECT string_agg('w' || ((i::bigint * 15485863 + k * 32452843) % 20000), ' ') FROM generate_series(1, 24) AS k),
       (i % 100000) / 100.0,
       i % 200
FROM generate_series(1, ${ROWS}) AS i;
CREATE INDEX products_category_price ON products (category, price);
CREATE INDEX products_search ON products USING gin (to_tsvector('simple', title || ' ' || description));
CREATE INDEX products_title_trgm ON products USING gin (title gin_trgm_ops);
ANALYZE products;
`;

writeFileSync(
  join(dir, 'compose.yaml'),
  `name: ${project}
x-testbed:
  secrets:
    db_password: { generate: { length: 24 } }
  jobs:
    seed:
      service: db
      command: ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-U", "app", "-d", "app", "-h", "127.0.0.1", "-c", ${JSON.stringify(SEED.trim())}]
      environment: { PGPASSWORD: "{{ secrets.db_password }}" }
      once: true
      timeout: 60m
services:
  db:
    build: ${join(here, '..', 'examples', 'quickstart', 'db')}
    environment:
      POSTGRES_PASSWORD: set-by-testbed
    x-testbed:
      secret_environment: { POSTGRES_PASSWORD: db_password }
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD", "pg_isready", "-q", "-U", "postgres", "-h", "127.0.0.1"]
      interval: 2s
      timeout: 3s
      retries: 30
      start_period: 120s
volumes:
  db-data: {}
`,
);

function testbed(args, { quiet = true, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(
      process.execPath,
      [bin, ...args, ...(quiet ? ['-q'] : [])],
      { cwd: dir, env: { ...process.env, TESTBED_STATE_DIR: join(dir, 'state'), ...env }, timeout: 3_600_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`testbed ${args.join(' ')} failed: ${stderr || err.message}`));
        resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, stdout });
      },
    );
  });
}

async function query(set, sql) {
  const { stdout } = await testbed(['exec', set, 'db', '--', 'psql', '-U', 'postgres', '-d', 'app', '-tAc', sql], { quiet: false });
  return stdout.trim();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sets = ['seeded'];

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** One set made from the snapshot, checked to hold every row, then removed; resolves with its time. */
async function restoreOnce(set, env = {}) {
  sets.push(set);
  const { ms } = await testbed(['up', set, '--from', 'catalogue'], { env });
  const count = await query(set, 'SELECT count(*) FROM products');
  if (count !== String(ROWS)) throw new Error(`set ${set} made from the snapshot has ${count} rows, not ${ROWS}`);
  await testbed(['remove', set]);
  sets.pop();
  return ms;
}

try {
  await testbed(['build']);
  const seedLoad = load();
  const seed = await testbed(['up', 'seeded']);
  const facts = await query('seeded', "SELECT count(*) || ' rows, database ' || pg_size_pretty(pg_database_size('app')) FROM products");
  const snapshot = await testbed(['snapshot', 'seeded', 'catalogue']);
  const first = await restoreOnce('first');
  const cowLoad = load();
  const restores = [];
  for (let round = 1; round <= ROUNDS; round++) restores.push(await restoreOnce(`cow${round}`));
  const copyLoad = load();
  const copies = [];
  for (let round = 1; round <= ROUNDS; round++) copies.push(await restoreOnce(`copy${round}`, { TESTBED_SNAPSHOT_RESTORE: 'copy' }));
  const restore = median(restores);
  const copy = median(copies);
  const list = (xs) => `[${xs.map((x) => (x / 1000).toFixed(1)).join(', ')}] s`;
  console.log(`seeded database (${facts}) against a set made from its snapshot (each a fresh process, until ready):`);
  console.log(`  up with the seed job                 ${seconds(seed.ms).padStart(9)}   load ${seedLoad}`);
  console.log(`  snapshot (stop, capture)             ${seconds(snapshot.ms).padStart(9)}`);
  console.log(`  first up --from (fills data volume)  ${seconds(first).padStart(9)}   once per snapshot and engine`);
  console.log(`  up --from, copy-on-write             ${seconds(restore).padStart(9)}   median of ${list(restores)}   load ${cowLoad}`);
  console.log(`  up --from, copy                      ${seconds(copy).padStart(9)}   median of ${list(copies)}   load ${copyLoad}`);
  console.log(`ratio seeding / copy-on-write restore: ${(seed.ms / restore).toFixed(1)}x   (target >= 50x)`);
  console.log(`ratio seeding / copy restore:          ${(seed.ms / copy).toFixed(1)}x;  copy / copy-on-write: ${(copy / restore).toFixed(1)}x`);
} finally {
  for (const set of sets.filter((s) => s !== 'seeded')) await testbed(['remove', set]).catch(() => {});
  await testbed(['snapshot', 'rm', 'catalogue']).catch(() => {});
  // Last, with the image built for it, once no other set runs it.
  await testbed(['remove', 'seeded', '--images']).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
