/**
 * Values that validate as Compose but would exhaust the host or escape the project: huge
 * scale and secret lengths, no services at all, mounts of files outside the project.
 * Each is a config error at file:line:col before anything is made.
 */
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/common/errors.js';
import { MAX_REPLICAS } from '../../../src/config/schema/service-fields.js';
import { MAX_SECRET_LENGTH } from '../../../src/config/schema/testbed.js';
import { loadProject } from '../../../src/model/load-project.js';
import { requireSelectedServices } from '../../../src/model/profiles.js';
import { loadTests } from '../../../src/model/testbed-tests.js';
import { aliasBomb } from '../../support/hostile-inputs.js';
import { tempFiles } from '../config/temp-files.js';
import { loadErrorFrom, loadFrom, projectOf } from './load.js';

const APP = 'services:\n  app:\n    image: busybox:latest\n';

describe('limits on counts and sizes', () => {
  it.each([
    ['scale', `${APP}    scale: 1000000000\n`, 4, 12, 'services.app.scale: 1000000000 is out of range; expected 0 to 100 (Testbed runs at most 100 replicas of a service in a set)'],
    ['deploy.replicas', `${APP}    deploy: { replicas: "5000" }\n`, 4, 25, 'services.app.deploy.replicas: "5000" is out of range; expected 0 to 100'],
    ['x-testbed secret length', `${APP}x-testbed:\n  secrets:\n    tok: { generate: { length: 1000000000 } }\n`, 6, 32, `x-testbed.secrets.tok.generate.length: 1000000000 is out of range; expected 1 to ${MAX_SECRET_LENGTH} characters`],
    ['Compose secret length', `${APP}secrets:\n  tok:\n    environment: TOK\n    x-testbed: { generate: { length: 0 } }\n`, 7, 38, 'secrets.tok.x-testbed.generate.length: 0 is out of range; expected 1 to 4096 characters'],
    ['a timeout past what a timer can hold', `${APP}x-testbed:\n  jobs:\n    j: { image: busybox:latest, command: ["true"], timeout: 100000h }\n`, 6, 61, 'x-testbed.jobs.j.timeout: "100000h" is not a duration (it is longer than 24 days, the longest wait Testbed can time)'],
  ])('%s past the limit is a config error with its position', async (_what, compose, line, col, message) => {
    const err = await loadErrorFrom({ 'compose.yaml': compose });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues[0]!.message.startsWith(message)).toBe(true);
    expect(err.issues[0]!.position).toEqual({ file: 'compose.yaml', line, col });
  });

  it('the limits themselves are allowed', async () => {
    const project = await projectOf(`${APP}    scale: ${MAX_REPLICAS}\nx-testbed:\n  secrets:\n    tok: { generate: { length: ${MAX_SECRET_LENGTH} } }\n`);
    expect(project.services.app!.replicas).toBe(MAX_REPLICAS);
    expect(project.secretSources.tok).toMatchObject({ kind: 'generate', length: MAX_SECRET_LENGTH });
  });
});

describe('a project without services', () => {
  it('an empty Compose file is a config error', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': '' });
    expect(err.issues).toEqual([expect.objectContaining({ message: expect.stringMatching(/^services: the Compose file is empty; a set needs at least one/), position: { file: 'compose.yaml', line: 1, col: 1 } })]);
  });

  it('a file with only a name, or an empty services mapping, is a config error at services', async () => {
    const none = await loadErrorFrom({ 'compose.yaml': 'name: demo\n' });
    expect(none.issues[0]!.message).toMatch(/^services: no service is defined; a set needs at least one/);
    const empty = await loadErrorFrom({ 'compose.yaml': 'name: demo\nservices: {}\n' });
    expect(empty.issues[0]).toMatchObject({ position: { file: 'compose.yaml', line: 2, col: 1 } });
  });

  it('profiles that leave every service out: the project loads, but no set can be made of it', async () => {
    const project = await projectOf('services:\n  a: { image: busybox:latest, profiles: [x] }\n  b: { image: busybox:latest, profiles: [y] }\n');
    expect(project.services).toEqual({});
    expect(() => requireSelectedServices(project)).toThrow(UsageError);
    expect(() => requireSelectedServices(project)).toThrow(/no service selected: every service of project .* \(a, b\) needs a profile that is not enabled \(none is enabled\)/);
    const enabled = await projectOf('services:\n  a: { image: busybox:latest, profiles: [x] }\n', { profiles: ['x'] });
    expect(() => requireSelectedServices(enabled)).not.toThrow();
  });
});

describe('job and test mounts', () => {
  const job = (mount: string) => `${APP}x-testbed:\n  jobs:\n    j:\n      image: busybox:latest\n      command: ["true"]\n      mounts: ["${mount}"]\n`;

  it('mount files of the project, by their real path', async () => {
    const { project, temp } = await loadFrom({ 'compose.yaml': job('./data:/data:ro'), 'data/x': 'x' });
    expect(project.jobs.j!.mounts).toEqual([{ source: join(temp.dir, 'data'), target: '/data', readOnly: true }]);
    const whole = await loadFrom({ 'compose.yaml': job('.:/src') });
    expect(whole.project.jobs.j!.mounts[0]!.source).toBe(whole.temp.dir);
  });

  it.each([
    ['a path with ..', '../../../../../:/host'],
    ['an absolute path', '/etc:/host-etc:ro'],
    ['.. after a real folder', './data/../../x:/x'],
  ])('%s out of the project is a config error at the mount', async (_what, mount) => {
    const err = await loadErrorFrom({ 'compose.yaml': job(mount), 'data/x': 'x' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^x-testbed\.jobs\.j\.mounts\[0\]: ".*": .* is outside the project directory .*; mount project files only$/),
        position: { file: 'compose.yaml', line: 9, col: 16 },
      }),
    ]);
  });

  it('a symbolic link inside the project that points out of it is refused, whole or as a parent', async () => {
    const outside = await tempFiles({ 'secret/key': 'k' });
    const temp = await tempFiles({ 'compose.yaml': job('./link/key:/key') });
    await symlink(join(outside.dir, 'secret'), join(temp.dir, 'link'));
    const err = await loadProject({ cwd: temp.dir, env: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/"\.\/link\/key:\/key": \.\/link\/key is outside the project directory/) });
    await writeFile(join(temp.dir, 'compose.yaml'), job('./link:/key'));
    await expect(loadProject({ cwd: temp.dir, env: {} })).rejects.toThrow(/is outside the project directory/);
  });

  it('the same holds for test mounts', async () => {
    const { project } = await loadFrom({
      'compose.yaml': `${APP}x-testbed:\n  tests:\n    t:\n      image: busybox:latest\n      command: ["true"]\n      mounts: ["../:/up"]\n`,
    });
    const err = await loadTests(project, { cwd: project.directory }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/compose\.yaml:9:16: x-testbed\.tests\.t\.mounts\[0\]: "\.\.\/:\/up": \.\.\/ is outside the project directory/) });
  });
});

describe('included test files', () => {
  it('an alias bomb in a tests file is a config error there', async () => {
    const temp = await tempFiles({ 'compose.yaml': `${APP}x-testbed:\n  include_tests: [tests/*.yaml]\n`, 'tests/bomb.yaml': `x-bomb:\n${aliasBomb('  ')}tests: {}\n` });
    const project = await loadProject({ cwd: temp.dir, env: {} });
    const err = await loadTests(project, { cwd: temp.dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/tests\/bomb\.yaml:\d+:\d+: YAML: aliases expand the file/) });
  });
});

describe('Ctrl-C while loading', () => {
  it('an aborted signal stops loading between steps with InterruptedError', async () => {
    const environment = Array.from({ length: 2_000 }, (_, i) => `      V${i}: x`).join('\n');
    const temp = await tempFiles({ 'compose.yaml': `${APP}    environment:\n${environment}\n` });
    const controller = new AbortController();
    // Fires at the first point where loading yields, as a SIGINT handler would.
    setImmediate(() => controller.abort());
    const err = await loadProject({ cwd: temp.dir, env: {}, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INTERRUPTED', message: 'interrupted while loading the project' });
    await expect(loadProject({ cwd: temp.dir, env: {}, signal: new AbortController().signal })).resolves.toMatchObject({ services: { app: {} } });
  });
});
