/**
 * A set is what it was made from: the Compose files, env files and profiles of its first `up`
 * are kept for every later command, from any directory; other choices are refused unless
 * --reconfigure; and verbs that delete data never guess which project a set name means.
 */
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { volumeName } from '../../../src/plan/names.js';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const EXIT_SET_AMBIGUOUS = 22;
const EXIT_SET_CONFIG_CONFLICT = 23;

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    environment:
      ENVIRONMENT: \${ENVIRONMENT:-unset}
    volumes: [data:/data]
  debug:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    profiles: [debug]
volumes:
  data:
x-testbed:
  tests:
    environment:
      description: the set runs with the environment it was made for
      service: web
      command: sh -c 'echo $$ENVIRONMENT'
      expect: { stdout: { contains: PRODUCTION } }
    debug-tools:
      description: the debug profile's service is there
      service: debug
      command: echo debug here
      expect: { stdout: { contains: debug here } }
`;

const PROD = `
services:
  web:
    labels: { tier: prod }
`;

// What a bare `up` in the directory would load on top of compose.yaml: the development set.
const OVERRIDE = `
services:
  web:
    labels: { tier: dev }
`;

interface StatusJson {
  project: string;
  projectDirectory?: string;
  files?: string[];
  envFiles?: string[];
  profiles?: string[];
  services: { service: string; state: string }[];
}

async function emptyDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `testbed-${prefix}-`));
}

async function webOf(p: TempProject, set: string): Promise<{ tier: string | undefined; environment: string | undefined }> {
  const tb = await p.open();
  const [web] = await tb.engine.listContainers({ 'dev.testbed.project': p.name, 'dev.testbed.set': set, 'dev.testbed.service': 'web' });
  const details = await tb.engine.inspectContainer(web!.id);
  expect(details).toBeDefined();
  const env = (await (await tb.set(set)).exec('web', ['sh', '-c', 'echo -n $ENVIRONMENT'])).stdout;
  return { tier: web!.labels.tier, environment: env };
}

describe.skipIf(skipWithoutEngine)('a set keeps the choices it was made with', () => {
  let p: TempProject;
  let elsewhere: string;
  const prod = uniqueName('prod');

  beforeAll(async () => {
    p = await tempProject('identity', COMPOSE);
    await p.write('compose.prod.yaml', PROD);
    await p.write('compose.override.yaml', OVERRIDE);
    await p.write('.env', 'ENVIRONMENT=DEVELOPMENT\n');
    await p.write('.env.prod', 'ENVIRONMENT=PRODUCTION\n');
    elsewhere = await emptyDir('elsewhere');
    const made = await p.cli(['up', prod, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', '--env-file', '.env.prod']);
    expect(made.code, made.stderr).toBe(0);
  });
  afterAll(async () => {
    await p.cleanup();
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('a bare up in the project directory keeps the prod files and env file, not compose.override.yaml and .env', async () => {
    const res = await p.cli(['up', prod]);
    expect(res.code, res.stderr).toBe(0);
    expect(await webOf(p, prod)).toEqual({ tier: 'prod', environment: 'PRODUCTION' });
  });

  it('a bare up from another directory and from / finds the set and keeps its files, saying which project it chose', async () => {
    for (const cwd of [elsewhere, '/']) {
      const res = await p.cli(['up', prod], { cwd });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain(`set ${prod} is in project ${p.name} (found by its name`);
      expect(res.stderr).not.toMatch(/recreated/);
      expect(await webOf(p, prod)).toEqual({ tier: 'prod', environment: 'PRODUCTION' });
    }
  });

  it('test and status work from / with the recorded choices; status shows the files, env files and profiles', async () => {
    const test = await p.cli(['test', prod, 'environment'], { cwd: '/' });
    expect(test.code, test.stdout + test.stderr).toBe(0);

    const status = await p.cli(['status', prod, '--json'], { cwd: '/' });
    expect(status.code, status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as StatusJson;
    expect(json).toMatchObject({
      project: p.name,
      projectDirectory: p.dir,
      files: [join(p.dir, 'compose.yaml'), join(p.dir, 'compose.prod.yaml')],
      envFiles: [join(p.dir, '.env.prod')],
      profiles: [],
    });
    const human = await p.cli(['status', prod], { cwd: '/' });
    expect(human.stdout).toContain(`set ${prod} of project ${p.name}, made from compose.yaml,compose.prod.yaml in ${p.dir}; env files: .env.prod; profiles: (none)`);
  });

  it('ls shows each set with its files and profiles, in --json too', async () => {
    const res = await p.cli(['ls', '--json'], { cwd: '/' });
    const mine = (JSON.parse(res.stdout) as (StatusJson & { set: string })[]).find((s) => s.project === p.name && s.set === prod);
    expect(mine).toMatchObject({ files: [join(p.dir, 'compose.yaml'), join(p.dir, 'compose.prod.yaml')], envFiles: [join(p.dir, '.env.prod')], profiles: [] });
    const table = await p.cli(['ls'], { cwd: '/' });
    const line = table.stdout.split('\n').find((l) => l.includes(prod));
    expect(line).toContain('compose.yaml,compose.prod.yaml');
  });

  it('a different -f is refused with both sides shown and exit 23; nothing changes', async () => {
    const res = await p.cli(['up', prod, '-f', 'compose.yaml']);
    expect(res.code).toBe(EXIT_SET_CONFIG_CONFLICT);
    expect(res.stderr).toContain('Compose files: recorded');
    expect(res.stderr).toContain(`${join(p.dir, 'compose.yaml')}, ${join(p.dir, 'compose.prod.yaml')}`);
    expect(res.stderr).toMatch(new RegExp(`given +${join(p.dir, 'compose.yaml')}\\n`));
    expect(res.stderr).toContain('--reconfigure');
    // COMPOSE_FILE in the environment is a choice too.
    const fromEnv = await p.cli(['status', prod], { env: { COMPOSE_FILE: 'compose.yaml' }, cwd: '/' });
    expect(fromEnv.code).toBe(EXIT_SET_CONFIG_CONFLICT);
    expect(await webOf(p, prod)).toEqual({ tier: 'prod', environment: 'PRODUCTION' });
  });

  it('--reconfigure applies the new choices, records them, and the set converges to them', async () => {
    const res = await p.cli(['up', prod, '-f', 'compose.yaml', '-f', 'compose.override.yaml', '--reconfigure']);
    expect(res.code, res.stderr).toBe(0);
    expect(await webOf(p, prod)).toEqual({ tier: 'dev', environment: 'DEVELOPMENT' });
    // Recorded: a bare command from / now uses the new files.
    const status = JSON.parse((await p.cli(['status', prod, '--json'], { cwd: '/' })).stdout) as StatusJson;
    expect(status.files).toEqual([join(p.dir, 'compose.yaml'), join(p.dir, 'compose.override.yaml')]);
    expect(status.envFiles).toEqual([join(p.dir, '.env')]);
    const again = await p.cli(['up', prod], { cwd: '/' });
    expect(again.code, again.stderr).toBe(0);
    expect(await webOf(p, prod)).toEqual({ tier: 'dev', environment: 'DEVELOPMENT' });
  });

  it('a set made with --profile keeps the profile for up, test and status without it', async () => {
    const dbg = uniqueName('dbg');
    const made = await p.cli(['up', dbg, '--profile', 'debug', '-f', 'compose.yaml', '--env-file', '.env.prod']);
    expect(made.code, made.stderr).toBe(0);
    for (const cwd of [p.dir, '/']) {
      const up = await p.cli(['up', dbg], { cwd });
      expect(up.code, up.stderr).toBe(0);
      const test = await p.cli(['test', dbg, 'debug-tools'], { cwd });
      expect(test.code, test.stdout + test.stderr).toBe(0);
      const status = JSON.parse((await p.cli(['status', dbg, '--json'], { cwd })).stdout) as StatusJson;
      expect(status.profiles).toEqual(['debug']);
      expect(status.services.map((s) => `${s.service}:${s.state}`).sort()).toEqual(['debug:running', 'web:running']);
    }
    // Another profile given is a conflict, COMPOSE_PROFILES included.
    const other = await p.cli(['test', dbg], { env: { COMPOSE_PROFILES: 'other' } });
    expect(other.code).toBe(EXIT_SET_CONFIG_CONFLICT);
    expect(other.stderr).toMatch(/profiles: +recorded debug\n +given +other/);
  });
});

describe.skipIf(skipWithoutEngine)('destructive verbs never guess a project', () => {
  let p: TempProject;
  let q: TempProject;
  let noFile: string;

  beforeAll(async () => {
    [p, q] = await Promise.all([tempProject('owner', COMPOSE), tempProject('other', COMPOSE)]);
    noFile = await emptyDir('nofile');
  });
  afterAll(async () => {
    await Promise.all([p.cleanup(), q.cleanup()]);
    await rm(noFile, { recursive: true, force: true });
  });

  it('remove from a folder without a Compose file refuses, lists the project and the command, and deletes nothing; with -p it works', async () => {
    const zz9 = uniqueName('zz9');
    expect((await p.cli(['up', zz9])).code).toBe(0);
    const engine = (await p.open()).engine;
    const volume = volumeName(p.name, zz9, 'data');

    for (const verb of ['remove', 'destroy']) {
      const res = await p.cli([verb, zz9], { cwd: noFile });
      expect(res.code, res.stderr).toBe(EXIT_SET_AMBIGUOUS);
      expect(res.stderr).toContain(`project ${p.name}`);
      expect(res.stderr).toContain(`testbed ${verb} ${zz9} -p ${p.name}`);
    }
    // From another project's directory: the set is not that project's, so nothing happens there either.
    const fromOther = await q.cli(['remove', zz9], { env: { TESTBED_STATE_DIR: p.stateDir } });
    expect(fromOther.code).toBe(EXIT_SET_AMBIGUOUS);
    expect(fromOther.stderr).toContain(`set ${zz9} is not in project ${q.name}`);
    expect(await engine.inspectVolume(volume)).toBeDefined();
    const status = JSON.parse((await p.cli(['status', zz9, '--json'])).stdout) as StatusJson;
    expect(status.services.every((s) => s.state === 'running')).toBe(true);

    const removed = await p.cli(['remove', zz9, '-p', p.name], { cwd: noFile });
    expect(removed.code, removed.stderr).toBe(0);
    expect(await engine.inspectVolume(volume)).toBeUndefined();
  });

  it('remove leaves no empty project folder in the state directory', async () => {
    const only = uniqueName('only');
    expect((await p.cli(['up', only])).code).toBe(0);
    await access(join(p.stateDir, p.name, only, 'set.json'));
    expect((await p.cli(['remove', only])).code).toBe(0);
    expect(await readdir(p.stateDir)).not.toContain(p.name);
  });

  it('the same set name in two projects: a read verb from / lists both and asks for -p; with -p it works', async () => {
    const both = uniqueName('both');
    const [a, b] = await Promise.all([p.cli(['up', both]), q.cli(['up', both])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const ambiguous = await p.cli(['status', both], { cwd: '/' });
    expect(ambiguous.code).toBe(EXIT_SET_AMBIGUOUS);
    expect(ambiguous.stderr).toContain([p.name, q.name].sort().join(', '));
    expect(ambiguous.stderr).toContain('-p');

    const chosen = await p.cli(['status', both, '-p', q.name, '--json'], { cwd: '/' });
    expect(chosen.code, chosen.stderr).toBe(0);
    expect((JSON.parse(chosen.stdout) as StatusJson).project).toBe(q.name);
    // In a project's directory, its own set is meant.
    const here = JSON.parse((await q.cli(['status', both, '--json'])).stdout) as StatusJson;
    expect(here.project).toBe(q.name);
  });
});

describe.skipIf(skipWithoutEngine)('a set made with the env file its files require', () => {
  let p: TempProject;
  const prod = uniqueName('prod');

  beforeAll(async () => {
    // Without --env-file .env.prod the files here do not load: ENVIRONMENT is required.
    p = await tempProject('required', COMPOSE.replace('${ENVIRONMENT:-unset}', '${ENVIRONMENT:?name an env file}'));
    await p.write('compose.prod.yaml', PROD);
    await p.write('.env.prod', 'ENVIRONMENT=PRODUCTION\n');
    const made = await p.cli(['up', prod, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', '--env-file', '.env.prod']);
    expect(made.code, made.stderr).toBe(0);
  });
  afterAll(async () => {
    await p.cleanup();
  });

  it('comes up again with a bare up in its directory, with its recorded files and env file', async () => {
    const res = await p.cli(['up', prod]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toMatch(/recreated/);
    const env = await p.cli(['exec', prod, 'web', '--', 'sh', '-c', 'echo -n $ENVIRONMENT']);
    expect(env.stdout).toBe('PRODUCTION');
    const test = await p.cli(['test', prod, 'environment']);
    expect(test.code, test.stdout + test.stderr).toBe(0);
  });

  it('a new set, bare, gets the files\' own error (exit 2), and nothing is made', async () => {
    const other = uniqueName('other');
    const res = await p.cli(['up', other]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('required variable ENVIRONMENT is not set: name an env file');
    expect((await p.cli(['ls', '--json'])).stdout).not.toContain(other);
  });
});
