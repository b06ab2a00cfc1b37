/**
 * A PostgreSQL set (Debian's packages, the quickstart's image) seeded once with known rows by a
 * job, snapshotted, and sets made from the snapshot: the rows come back exactly, with the
 * database's users and passwords; sets stay independent; reset, --verify, export/import and
 * push/pull through a real registry on a loopback address.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { deleteFromRegistry, dockerConfigFor, removeSnapshots, tamperDataImage, testRegistry } from '../../support/snapshots.js';

const DB_CONTEXT = join(import.meta.dirname, '..', '..', '..', 'examples', 'quickstart', 'db');
const ROWS = 5000;
const SEED_SQL =
  'CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL); ' +
  `INSERT INTO items SELECT i, 'item-' || i || '-' || md5(i::text) FROM generate_series(1, ${ROWS}) AS i; ` +
  'ALTER TABLE items OWNER TO app;';

const COMPOSE = `
x-testbed:
  secrets:
    db_password: { generate: { length: 24 } }
  jobs:
    seed:
      service: db
      command: ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "app", "-c", "${SEED_SQL}"]
      once: true
services:
  db:
    build: ${DB_CONTEXT}
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
      start_period: 60s
volumes:
  db-data: {}
`;

const QUERY = "SELECT count(*) || ' ' || sum(id) || ' ' || md5(string_agg(name, ',' ORDER BY id)) FROM items";

/** What the seed inserted, computed here: count, sum of ids, md5 of the names in order. */
function expectedRows(): string {
  const names = Array.from({ length: ROWS }, (_, i) => `item-${i + 1}-${createHash('md5').update(String(i + 1)).digest('hex')}`);
  return `${ROWS} ${(ROWS * (ROWS + 1)) / 2} ${createHash('md5').update(names.join(',')).digest('hex')}`;
}

describe.skipIf(skipWithoutEngine)('snapshots of a seeded PostgreSQL set', () => {
  let p: TempProject;
  const expected = expectedRows();

  const rows = async (set: string) => {
    const res = await (await p.set(set)).exec('db', ['psql', '-U', 'postgres', '-d', 'app', '-tAc', QUERY]);
    expect(res.exitCode, res.stderr).toBe(0);
    return res.stdout.trim();
  };
  /** Over TCP, with the role's password: the data's users work with the set's secrets. */
  const asApp = async (set: string, sql: string) => {
    const res = await (await p.set(set)).exec('db', ['sh', '-c', `PGPASSWORD="$POSTGRES_PASSWORD" psql -q -h 127.0.0.1 -U app -d app -tAc "${sql}"`]);
    expect(res.exitCode, res.stderr).toBe(0);
    return res.stdout.trim();
  };

  beforeAll(async () => {
    p = await tempProject('snapdb', COMPOSE);
    const up = await p.cli(['up', 'base'], { timeoutMs: 600_000 });
    expect(up.code, up.stderr).toBe(0);
    const taken = await p.cli(['snapshot', 'base', 'seeded'], { timeoutMs: 300_000 });
    expect(taken.code, taken.stderr).toBe(0);
  }, 900_000);
  afterAll(async () => {
    await p.cleanup();
    await removeSnapshots(p.name);
  });

  it('the seeded rows come back exactly in two new sets, with the users and passwords that made them, and the seed is not repeated', async () => {
    expect(await rows('base')).toBe(expected);
    for (const set of ['dev1', 'dev2']) {
      const res = await p.cli(['up', set, '--from', 'seeded', '--verify'], { timeoutMs: 300_000 });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain('job seed skipped');
      expect(res.stderr).toMatch(/data of set .* verified against snapshot seeded/);
      expect(await rows(set)).toBe(expected);
      expect(await asApp(set, 'SELECT count(*) FROM notes')).toBe('3');
    }
    const [base, dev1] = await Promise.all(['base', 'dev1'].map(async (s) => (await (await p.set(s)).secrets({ reveal: true }))[0]!.value));
    expect(dev1).toBe(base);
  });

  it('a change in one set appears in neither the other nor the set the snapshot was taken of', async () => {
    expect(await asApp('dev1', "INSERT INTO items VALUES (999999, 'only in dev1'); SELECT count(*) FROM items")).toBe(String(ROWS + 1));
    expect(await rows('dev2')).toBe(expected);
    expect(await rows('base')).toBe(expected);
  });

  it('reset takes a set back to the snapshot', async () => {
    const res = await p.cli(['reset', 'dev1'], { timeoutMs: 300_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(await rows('dev1')).toBe(expected);
  });

  it('--verify finds a snapshot whose data was changed, and nothing of the set starts', async () => {
    const taken = await p.cli(['snapshot', 'base', 'tampered', '--pause'], { timeoutMs: 300_000 });
    expect(taken.code, taken.stderr).toBe(0);
    await tamperDataImage(`testbed-snapshot/${p.name}:tampered`, '/testbed/volumes/db-data/data/PG_VERSION', '99\n');
    const res = await p.cli(['up', 'bad', '--from', 'tampered', '--verify'], { timeoutMs: 300_000 });
    expect(res.code).toBe(12);
    expect(res.stderr).toContain('volume db-data of set bad does not hold what snapshot');
    expect((await (await p.set('bad')).status()).filter((r) => r.state === 'running')).toEqual([]);
    await (await p.set('bad')).remove();
  });

  it('export and import carry a snapshot through one file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-snapdb-'));
    try {
      const file = join(dir, 'moved.tar');
      expect((await p.cli(['snapshot', 'base', 'moved', '--pause'], { timeoutMs: 300_000 })).code).toBe(0);
      const exported = await p.cli(['snapshot', 'export', 'moved', file], { timeoutMs: 300_000 });
      expect(exported.code, exported.stderr).toBe(0);
      expect((await stat(file)).size).toBeGreaterThan(1_000_000);
      expect((await p.cli(['snapshot', 'rm', 'moved'])).code).toBe(0);
      expect((await p.cli(['up', 'nowhere', '--from', 'moved'])).code).toBe(18);
      const imported = await p.cli(['snapshot', 'import', file, '--json'], { timeoutMs: 300_000 });
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toEqual([expect.objectContaining({ name: 'moved', project: p.name })]);
      const up = await p.cli(['up', 'imported', '--from', 'moved', '--verify'], { timeoutMs: 300_000 });
      expect(up.code, up.stderr).toBe(0);
      expect(await rows('imported')).toBe(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('through a registry', () => {
    const registry = skipWithoutEngine ? undefined : testRegistry();
    let dockerConfig: string;
    const repository = `testbed-test/${uniqueName('pg')}`;

    beforeAll(async () => {
      dockerConfig = await dockerConfigFor(registry);
    });
    afterAll(async () => {
      if (registry) for (const tag of ['v1', 'v1.db']) await deleteFromRegistry(registry, repository, tag).catch(() => undefined);
      await rm(dockerConfig, { recursive: true, force: true });
    });

    it.skipIf(!registry)('push and pull use the credentials docker keeps, and a set made from the pulled snapshot has the rows', async () => {
      const ref = `${registry!.address}/${repository}:v1`;
      const anonymous = await p.cli(['snapshot', 'push', 'seeded', ref], { env: { DOCKER_CONFIG: join(dockerConfig, 'none') }, timeoutMs: 300_000 });
      expect(anonymous.code).not.toBe(0);
      expect(anonymous.stderr).toContain(`the registry ${registry!.address} refused the credentials`);
      expect(anonymous.stderr).toContain(`docker login ${registry!.address}`);

      const env = { DOCKER_CONFIG: dockerConfig };
      const pushed = await p.cli(['snapshot', 'push', 'seeded', ref], { env, timeoutMs: 300_000 });
      expect(pushed.code, pushed.stderr).toBe(0);
      // Gone from the engine under that reference: up --from has to pull it.
      expect((await p.cli(['snapshot', 'rm', ref])).code).toBe(0);
      const refused = await p.cli(['up', 'ci', '--from', ref], { env: { DOCKER_CONFIG: join(dockerConfig, 'none') }, timeoutMs: 300_000 });
      expect(refused.code).not.toBe(0);
      const up = await p.cli(['up', 'ci', '--from', ref, '--verify'], { env, timeoutMs: 300_000 });
      expect(up.code, up.stderr).toBe(0);
      expect(up.stderr).toContain(`pulling ${ref}`);
      expect(await rows('ci')).toBe(expected);
      expect(await (await p.set('ci')).madeFrom()).toMatchObject({ ref, name: 'seeded' });

      const pulled = await p.cli(['snapshot', 'pull', ref, 'from-registry', '--json'], { env, timeoutMs: 300_000 });
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(JSON.parse(pulled.stdout).refs).toContain(`testbed-snapshot/${p.name}:from-registry`);
    });
  });
});
