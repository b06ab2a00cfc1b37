/**
 * Seed 004's develop/deploy layout, run by CI: examples/coped brings up dev, staging and prod
 * side by side with one command each, as its README says, and each set is what its files
 * make it. Driven through the CLI in a copy of the example (the dev test edits its code),
 * under a unique project name; what the engine holds is read back with dockerode.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { httpGet } from '../../support/project.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'coped');
const MINUTES = 60_000;

/** The README's one command per environment: which files and env file make each set. */
const FLAGS = {
  dev: ['--env-file', '.env.dev'],
  staging: ['-f', 'compose.yaml', '-f', 'compose.staging.yaml', '--env-file', '.env.staging'],
  prod: ['-f', 'compose.yaml', '-f', 'compose.prod.yaml', '--env-file', '.env.prod'],
} as const;
type Env = keyof typeof FLAGS;
const ENVIRONMENT: Record<Env, string> = { dev: 'DEVELOPMENT', staging: 'STAGING', prod: 'PRODUCTION' };
const SERVICES = ['data', 'db', 'nginx', 'web'];

interface ServiceStatus {
  service: string;
  state: string;
  health?: string;
  address: string;
  ports: { host: string; container: string }[];
}

describe.skipIf(skipWithoutEngine)('examples/coped', () => {
  const docker = new Docker();
  const project = uniqueName('coped');
  let dir: string;
  let stateDir: string;

  const cli = (args: readonly string[], timeoutMs = 5 * MINUTES) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'testbed.js'), ...args],
        { cwd: dir, env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  const on = (env: Env, ...args: string[]) => cli([...FLAGS[env], ...args]);
  const status = async (env: Env) => {
    const res = await on(env, 'status', env, '--json');
    expect(res.code, res.stderr).toBe(0);
    return (JSON.parse(res.stdout) as { services: ServiceStatus[] }).services;
  };
  const nginxUrl = async (env: Env, path: string) => `http://${(await status(env)).find((s) => s.service === 'nginx')!.ports[0]!.host}${path}`;
  const container = (env: Env, service: string) => docker.getContainer(`${project}-${env}-${service}-1`).inspect();
  const exec = (env: Env, service: string, ...cmd: string[]) => on(env, 'exec', env, service, '--', ...cmd);
  const migrated = async (env: Env) =>
    (await exec(env, 'db', 'psql', '-U', 'postgres', '-d', 'coped', '-tAc', "select to_regclass('public.django_migrations') is not null")).stdout.trim();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testbed-coped-'));
    stateDir = join(dir, '.state');
    await cp(EXAMPLE, dir, { recursive: true });
    const compose = join(dir, 'compose.yaml');
    await writeFile(compose, (await readFile(compose, 'utf8')).replace(/^name: coped$/m, `name: ${project}`));
    // One after the other: staging and prod share web's prod image, built once.
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const started = Date.now();
      const up = await on(env, 'up', env, '--timeout', '15m');
      expect(up.code, `${env}: ${up.stderr.slice(-4000)}`).toBe(0);
      console.info(`coped: up ${env} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }, 60 * MINUTES);

  afterAll(async () => {
    if (dir) for (const env of ['dev', 'staging', 'prod'] as const) await on(env, 'remove', env, '--images');
    await rm(dir, { recursive: true, force: true });
  }, 10 * MINUTES);

  it('brings up dev, staging and prod side by side, each nginx on port 1337 of its own address', async () => {
    const nginxHosts: string[] = [];
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const services = await status(env);
      expect(services.map((s) => [s.service, s.state, s.health])).toEqual(SERVICES.map((s) => [s, 'running', 'healthy']));
      const nginx = services.find((s) => s.service === 'nginx')!;
      expect(nginx.ports).toEqual([{ host: `${nginx.address}:1337`, container: '8080/tcp' }]);
      nginxHosts.push(nginx.ports[0]!.host);
      // Through nginx to web, which answers with its own set's environment.
      expect(await httpGet(`http://${nginx.ports[0]!.host}/healthz`)).toEqual({ status: 200, body: `ok ${ENVIRONMENT[env]}\n` });
    }
    expect(new Set(nginxHosts).size).toBe(3);
  });

  it('dev serves the bind-mounted code: an edit shows at once, without a rebuild or a restart', async () => {
    const before = await container('dev', 'web');
    expect(before.Mounts.find((m) => m.Destination === '/app')).toMatchObject({ Type: 'bind', Source: join(dir, 'web', 'app') });
    const web = (await status('dev')).find((s) => s.service === 'web')!;
    expect(web.ports).toEqual([{ host: `${web.address}:8000`, container: '8000/tcp' }]); // nginx bypassed on 8000

    const marker = `Edited ${uniqueName('tagline')}`;
    const views = join(dir, 'web', 'app', 'catalogue', 'views.py');
    await writeFile(views, (await readFile(views, 'utf8')).replace(/^TAGLINE = .*$/m, `TAGLINE = "${marker}"`));
    // runserver notices the change and reloads; bounded wait.
    let page = '';
    for (let i = 0; i < 60 && !page.includes(marker); i++) {
      page = await httpGet(`http://${web.address}:8000/`).then((r) => r.body, () => '');
      if (!page.includes(marker)) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(page).toContain(marker);
    expect((await httpGet(await nginxUrl('dev', '/'))).body).toContain(marker);
    const after = await container('dev', 'web');
    expect([after.Id, after.State.StartedAt]).toEqual([before.Id, before.State.StartedAt]);
  }, 5 * MINUTES);

  it('prod has no bind mounts and no dev packages, runs gunicorn, and no service runs as root', async () => {
    for (const service of SERVICES) {
      const info = await container('prod', service);
      expect(info.Mounts.filter((m) => m.Type === 'bind'), service).toEqual([]);
      expect((await exec('prod', service, 'id', '-u')).stdout.trim(), service).not.toBe('0');
    }
    // pytest is dev's test dependency: in dev's image, not in prod's.
    const pytestIn = async (env: Env) => (await exec(env, 'web', 'python3', '-c', 'import pytest')).code;
    expect(await pytestIn('dev')).toBe(0);
    expect(await pytestIn('prod')).not.toBe(0);
    const packages = (await exec('prod', 'web', 'dpkg-query', '-W', '-f', '${Package}\\n')).stdout.split('\n');
    expect(packages).toContain('python3-django');
    expect(packages.filter((p) => /pytest/.test(p))).toEqual([]);
    expect((await exec('prod', 'web', 'cat', '/proc/1/cmdline')).stdout).toContain('gunicorn');
    expect((await container('prod', 'web')).HostConfig.ReadonlyRootfs).toBe(true);

    // Static files: collected by web into the volume nginx serves them from.
    const volume = (info: Docker.ContainerInspectInfo) => info.Mounts.find((m) => m.Destination === '/srv/static')?.Name;
    expect(volume(await container('prod', 'nginx'))).toBe(volume(await container('prod', 'web')));
    const css = await httpGet(await nginxUrl('prod', '/static/catalogue/coped.css'));
    expect(css.status).toBe(200);
    expect(css.body).toContain('font-family');
  }, 5 * MINUTES);

  it('the data service is reachable only from web, with a password made for each set', async () => {
    // The example's own tests: web reaches it with the password, a client without it is
    // refused, and nginx (not on the internal network) cannot even resolve its name.
    const tests = await on('prod', 'test', 'prod', 'web-reaches-data', 'data-needs-password', 'data-hidden-from-nginx');
    expect(tests.code, tests.stdout + tests.stderr.slice(-3000)).toBe(0);

    // Nor by its address on the internal network, from nginx.
    const data = await container('prod', 'data');
    const internal = Object.entries(data.NetworkSettings.Networks);
    expect(internal.map(([name]) => name)).toEqual([`${project}-prod-internal`]);
    const ip = internal[0]![1].IPAddress;
    const byIp = await exec('prod', 'nginx', 'timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${ip}/6379`);
    expect(byIp.code).not.toBe(0);

    // From the host: nothing is published at the data service's own loopback address.
    const address = (await status('prod')).find((s) => s.service === 'data')!;
    expect(address.ports).toEqual([]);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: address.address, port: 6379, timeout: 3000 });
      socket.on('connect', () => (socket.destroy(), resolve('connected')));
      socket.on('timeout', () => (socket.destroy(), resolve('timeout')));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    const password = async (env: Env) => {
      const res = await on(env, 'secrets', env, '--reveal', '--json');
      return (JSON.parse(res.stdout) as { name: string; value: string }[]).find((s) => s.name === 'data_password')!.value;
    };
    const passwords = await Promise.all((['dev', 'staging', 'prod'] as const).map(password));
    expect(passwords[0]).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Set(passwords).size).toBe(3);
  }, 5 * MINUTES);

  it("migrations do not run on prod's up, and run with testbed run prod migrate", async () => {
    expect(await migrated('dev')).toBe('t'); // development migrates on every up
    expect(await migrated('staging')).toBe('f');
    expect(await migrated('prod')).toBe('f');
    const before = await httpGet(await nginxUrl('prod', '/'));
    expect(before.status).toBe(503);
    expect(before.body).toContain('The database is not migrated');

    const run = await on('prod', 'run', 'prod', 'migrate');
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(await migrated('prod')).toBe('t');
    const after = await httpGet(await nginxUrl('prod', '/'));
    expect(after.status).toBe(200);
    expect(after.body).toContain('0 projects in the catalogue');
    expect(await migrated('staging')).toBe('f'); // each set is its own
  }, 5 * MINUTES);

  // A bare command here would read compose.yaml + compose.override.yaml and no env file (and
  // ENVIRONMENT is required): the set's recorded files and env file are what count.
  it('prod stays prod on a later bare `testbed up prod`: the files and env file it was made with are kept', async () => {
    // The dev test edited web's code, which is also prod's build context: this up rebuilds
    // prod's image and recreates web, as prod's files say (a dev up would mount the code).
    const up = await cli(['up', 'prod', '--timeout', '10m'], 15 * MINUTES);
    expect(up.code, up.stderr.slice(-3000)).toBe(0);
    const web = await container('prod', 'web');
    expect(web.Config.Env).toContain('ENVIRONMENT=PRODUCTION');
    expect(web.Mounts.filter((m) => m.Type === 'bind')).toEqual([]);
    expect(web.HostConfig.ReadonlyRootfs).toBe(true); // compose.prod.yaml's
    expect((await cli(['exec', 'prod', 'web', '--', 'python3', '-c', 'import pytest'])).code).not.toBe(0);
    const status = JSON.parse((await cli(['status', 'prod', '--json'])).stdout) as { services: ServiceStatus[] };
    expect(status.services.find((s) => s.service === 'web')!.ports).toEqual([]); // no :8000
    expect(await migrated('prod')).toBe('t'); // its data kept

    // Once more: nothing changed, nothing recreated.
    const again = await cli(['up', 'prod'], 15 * MINUTES);
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    expect((await container('prod', 'web')).Id).toBe(web.Id);
  }, 20 * MINUTES);
});
