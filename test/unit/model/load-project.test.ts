import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigNotFoundError } from '../../../src/common/errors.js';
import { loadProject } from '../../../src/model/load-project.js';
import { tempFiles } from '../config/temp-files.js';
import { loadErrorFrom, loadFrom, projectOf } from './load.js';

const WEB = 'services:\n  web:\n    image: nginx\n';

describe('which files are loaded', () => {
  it('finds compose.yaml in the working directory and merges its override on top', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml': WEB,
      'compose.override.yaml': 'services:\n  web:\n    image: nginx:override\n',
    });
    expect(project.files).toEqual([temp.path('compose.yaml'), temp.path('compose.override.yaml')]);
    expect(project.services.web!.image).toBe('nginx:override');
  });

  it('finds the file from a subdirectory, with the project directory where the file is', async () => {
    const temp = await tempFiles({ 'testbed.yaml': WEB, 'src/app/keep': '' });
    const project = await loadProject({ cwd: temp.path('src/app'), env: {} });
    expect(project.files).toEqual([temp.path('testbed.yaml')]);
    expect(project.directory).toBe(temp.dir);
  });

  it('merges several -f files in the order given', async () => {
    const { project, temp } = await loadFrom(
      {
        'base.yaml': 'services:\n  web:\n    image: base\n    environment: { A: base, B: base }\n',
        'dev.yaml': 'services:\n  web:\n    environment: { B: dev }\n',
        'local.yaml': 'services:\n  web:\n    image: local\n',
        'compose.yaml': 'services:\n  ignored: { image: x }\n',
      },
      { files: ['base.yaml', 'dev.yaml', 'local.yaml'] },
    );
    expect(project.files).toEqual([temp.path('base.yaml'), temp.path('dev.yaml'), temp.path('local.yaml')]);
    expect(project.services.web).toMatchObject({ image: 'local', environment: { A: 'base', B: 'dev' } });
    expect(Object.keys(project.services)).toEqual(['web']);
  });

  it('does not add an override file to files given with -f', async () => {
    const { project } = await loadFrom(
      { 'compose.yaml': WEB, 'compose.override.yaml': 'services:\n  web:\n    image: nginx:override\n' },
      { files: ['compose.yaml'] },
    );
    expect(project.services.web!.image).toBe('nginx');
  });

  it('reads COMPOSE_FILE when no -f is given, and -f wins over it', async () => {
    const files = { 'a.yaml': 'services:\n  a: { image: a }\n', 'b.yaml': 'services:\n  b: { image: b }\n' };
    const fromEnv = await loadFrom(files, { env: { COMPOSE_FILE: 'a.yaml:b.yaml' } });
    expect(Object.keys(fromEnv.project.services)).toEqual(['a', 'b']);
    const given = await loadFrom(files, { files: ['b.yaml'], env: { COMPOSE_FILE: 'a.yaml:b.yaml' } });
    expect(Object.keys(given.project.services)).toEqual(['b']);
  });

  it('reads COMPOSE_FILE from .env, as many projects set it there', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml': WEB,
      'compose.dev.yaml': 'services:\n  web:\n    image: nginx:dev\n',
      '.env': 'COMPOSE_FILE=compose.yaml:compose.dev.yaml\n',
    });
    expect(project.files).toEqual([temp.path('compose.yaml'), temp.path('compose.dev.yaml')]);
    expect(project.services.web!.image).toBe('nginx:dev');
  });

  it('looks for the file in --project-directory when no -f is given', async () => {
    const { project, temp } = await loadFrom({ 'app/compose.yaml': WEB, 'compose.yaml': 'services:\n  other: { image: x }\n' }, { projectDirectory: 'app' });
    expect(project.files).toEqual([temp.path('app/compose.yaml')]);
    expect(project.directory).toBe(temp.path('app'));
  });

  it('takes the project directory from the first file, or from --project-directory', async () => {
    const files = { 'deploy/compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes: ["./site:/site"]\n', 'keep': '' };
    const first = await loadFrom(files, { files: ['deploy/compose.yaml'] });
    expect(first.project.directory).toBe(first.temp.path('deploy'));
    expect(first.project.services.web!.volumes[0]).toMatchObject({ source: first.temp.path('deploy/site') });
    const given = await loadFrom(files, { files: ['deploy/compose.yaml'], projectDirectory: '.' });
    expect(given.project.directory).toBe(given.temp.dir);
    expect(given.project.services.web!.volumes[0]).toMatchObject({ source: given.temp.path('site') });
  });

  it('fails with CONFIG_NOT_FOUND for a missing -f file', async () => {
    const temp = await tempFiles({ 'compose.yaml': WEB });
    await expect(loadProject({ cwd: temp.dir, env: {}, files: ['nope.yaml'] })).rejects.toThrow(ConfigNotFoundError);
  });
});

describe('.env and --env-file', () => {
  const USES_TAG = 'services:\n  web:\n    image: "nginx:${TAG}"\n';

  it('interpolates with .env from the project directory', async () => {
    const { project } = await loadFrom({ 'compose.yaml': USES_TAG, '.env': 'TAG=from-dotenv\n' });
    expect(project.services.web!.image).toBe('nginx:from-dotenv');
  });

  it('lets the environment win over .env', async () => {
    const { project } = await loadFrom({ 'compose.yaml': USES_TAG, '.env': 'TAG=from-dotenv\n' }, { env: { TAG: 'from-env' } });
    expect(project.services.web!.image).toBe('nginx:from-env');
  });

  it('reads .env next to the first file, not in the working directory', async () => {
    const { project } = await loadFrom(
      { 'app/compose.yaml': USES_TAG, 'app/.env': 'TAG=app\n', '.env': 'TAG=cwd\n' },
      { files: ['app/compose.yaml'] },
    );
    expect(project.services.web!.image).toBe('nginx:app');
  });

  it('uses --env-file files instead of .env, later ones winning', async () => {
    const { project } = await loadFrom(
      { 'compose.yaml': USES_TAG + '    hostname: ${HOST}\n', '.env': 'TAG=dotenv\nHOST=dotenv\n', 'a.env': 'TAG=a\nHOST=a\n', 'b.env': 'TAG=b\n' },
      { envFiles: ['a.env', 'b.env'] },
    );
    expect(project.services.web).toMatchObject({ image: 'nginx:b', hostname: 'a' });
  });

  it('fails on a missing --env-file', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': WEB }, { envFiles: ['missing.env'] });
    expect(err.message).toBe('env file missing.env does not exist');
    expect(err.hint).toContain('--env-file');
  });

  it('points at the line of a .env value that fails to interpolate', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': WEB, '.env': '# settings\nA=1\nB=${NEEDED:?set NEEDED}\n' });
    expect(err.issues).toEqual([{ message: 'B: required variable NEEDED is not set: set NEEDED', position: { file: '.env', line: 3, col: 1 } }]);
  });

  it('takes COMPOSE_PROJECT_NAME and COMPOSE_PROFILES from .env', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'services:\n  web: { image: nginx }\n  debug: { image: busybox, profiles: [debug] }\n',
      '.env': 'COMPOSE_PROJECT_NAME=from-dotenv\nCOMPOSE_PROFILES=debug\n',
    });
    expect(project.name).toBe('from-dotenv');
    expect(Object.keys(project.services)).toEqual(['web', 'debug']);
  });

  it('fails a ${VAR:?err} in the file with file:line:col', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n    environment:\n      PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}\n' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('compose.yaml:5:17: services.db.environment.PASSWORD: required variable DB_PASSWORD is not set: DB_PASSWORD is required');
  });
});

describe('the project name', () => {
  const named = (name: string) => `name: ${name}\n${WEB}`;

  it('is -p first, then the file, then COMPOSE_PROJECT_NAME, then the directory', async () => {
    const env = { COMPOSE_PROJECT_NAME: 'from-env' };
    expect((await projectOf(named('from-file'), { env, projectName: 'from-option' })).name).toBe('from-option');
    expect((await projectOf(named('from-file'), { env })).name).toBe('from-file');
    expect((await projectOf(WEB, { env })).name).toBe('from-env');
    const { project, temp } = await loadFrom({ 'compose.yaml': WEB });
    expect(project.name).toBe(basename(temp.dir).toLowerCase());
  });

  it('is made DNS-safe, with a warning that shows what was written', async () => {
    const project = await projectOf(named('"My Project!"'));
    expect(project.name).toBe('myproject');
    expect(project.warnings).toContainEqual({
      message: 'name: project name "My Project!" is used as "myproject" (lowercase letters, digits, "_" and "-")',
      position: { file: 'compose.yaml', line: 1, col: 1 },
      path: 'name',
    });
  });

  it('drops leading characters that cannot start a name', async () => {
    expect((await projectOf(named('"__demo"'))).name).toBe('demo');
  });

  it('sanitises a directory name silently', async () => {
    const temp = await tempFiles({ 'My.App/compose.yaml': WEB });
    const project = await loadProject({ cwd: temp.path('My.App'), env: {} });
    expect(project.name).toBe('myapp');
    expect(project.warnings).toEqual([]);
  });

  it('fails when nothing usable is left', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': named('"!!!"') });
    expect(err.message).toContain('project name "!!!" (from the file) has no letters or digits left');
    expect(err.hint).toContain('-p NAME');
  });
});

describe('profiles', () => {
  const COMPOSE = 'services:\n  web: { image: nginx }\n  debug: { image: busybox, profiles: [debug] }\n  seed: { image: busybox, profiles: [setup, debug] }\n';

  it('leaves out services whose profiles are not enabled, and lists them', async () => {
    const project = await projectOf(COMPOSE);
    expect(Object.keys(project.services)).toEqual(['web']);
    expect(project.inactiveServices).toEqual(['debug', 'seed']);
    expect(project.profiles).toEqual([]);
  });

  it('enables the profiles given, or COMPOSE_PROFILES, or all with *', async () => {
    expect(Object.keys((await projectOf(COMPOSE, { profiles: ['setup'] })).services)).toEqual(['web', 'seed']);
    expect(Object.keys((await projectOf(COMPOSE, { env: { COMPOSE_PROFILES: 'debug' } })).services)).toEqual(['web', 'debug', 'seed']);
    expect((await projectOf(COMPOSE, { profiles: ['*'] })).inactiveServices).toEqual([]);
  });

  it('prefers --profile over COMPOSE_PROFILES', async () => {
    const project = await projectOf(COMPOSE, { profiles: ['setup'], env: { COMPOSE_PROFILES: 'debug' } });
    expect(project.profiles).toEqual(['setup']);
  });

  it('refuses a dependency on a service its profiles leave out, as Compose does', async () => {
    const compose = 'services:\n  web: { image: nginx, depends_on: [debug] }\n  debug: { image: busybox, profiles: [debug] }\n';
    const err = await loadErrorFrom({ 'compose.yaml': compose });
    expect(err.issues).toEqual([
      {
        message:
          'services.web.depends_on.debug: service debug is not enabled by the active profiles; enable its profile with --profile, or mark the dependency required: false',
        position: { file: 'compose.yaml', line: 2, col: 37 },
        path: 'services.web.depends_on.debug',
      },
    ]);
    expect((await projectOf(compose, { profiles: ['debug'] })).services.web!.dependsOn).toHaveProperty('debug');
  });

  it('accepts a dependency left out by profiles when it is not required', async () => {
    const project = await projectOf(
      'services:\n  web:\n    image: nginx\n    depends_on:\n      debug: { condition: service_started, required: false }\n  debug: { image: busybox, profiles: [debug] }\n',
    );
    expect(project.services.web!.dependsOn.debug!.required).toBe(false);
  });
});

describe('warnings', () => {
  it('collects them from every file with file:line:col', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    imag: typo\n',
      'compose.override.yaml': 'services:\n  web:\n    cpu_count: 2\n',
    });
    expect(project.warnings.map((w) => `${w.position?.file}:${w.position?.line}:${w.position?.col}`)).toEqual([
      'compose.yaml:4:5',
      'compose.override.yaml:3:5',
    ]);
  });

  it('says once that container_name and version are ignored', async () => {
    const project = await projectOf('version: "3"\nservices:\n  web:\n    image: nginx\n    container_name: web\n');
    expect(project.warnings.map((w) => w.position?.line)).toEqual([1, 5]);
  });

  it('mentions a variable that is not set', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx:${TAG}\n');
    expect(project.warnings).toEqual([
      expect.objectContaining({ message: 'the "TAG" variable is not set; defaulting to a blank string', position: { file: 'compose.yaml', line: 3, col: 12 } }),
    ]);
  });
});
