import { describe, expect, it } from 'vitest';
import { HEALTHCHECK_DEFAULTS } from '../../../src/model/normalize-service.js';
import type { Service } from '../../../src/model/project.js';
import { loadErrorFrom, loadFrom, projectOf } from './load.js';

/** The normalised `web` service of a file whose web service has `lines` (indented 4 spaces). */
async function web(lines: string, extra = '', env: Record<string, string> = {}): Promise<Service> {
  const project = await projectOf(`services:\n  web:\n    image: nginx\n${lines}${extra}`, { env });
  return project.services.web!;
}

describe('ports', () => {
  it('expands the short syntax', async () => {
    const service = await web('    ports:\n      - "80"\n      - "8080:80"\n      - "0.0.0.0:5353:53/udp"\n      - "9000-9001:9000-9001"\n');
    expect(service.ports).toEqual([
      { target: 80, protocol: 'tcp' },
      { target: 80, published: 8080, protocol: 'tcp' },
      { target: 53, published: 5353, hostIp: '0.0.0.0', protocol: 'udp' },
      { target: 9000, targetEnd: 9001, published: 9000, publishedEnd: 9001, protocol: 'tcp' },
    ]);
  });

  it('reads the long syntax, published as a number or a string', async () => {
    const service = await web(
      '    ports:\n      - target: 80\n        published: 8080\n      - target: 53\n        published: "5353"\n        protocol: udp\n        host_ip: 127.0.0.2\n      - target: 443\n',
    );
    expect(service.ports).toEqual([
      { target: 80, published: 8080, protocol: 'tcp' },
      { target: 53, published: 5353, hostIp: '127.0.0.2', protocol: 'udp' },
      { target: 443, protocol: 'tcp' },
    ]);
  });

  it('keeps expose as strings', async () => {
    expect((await web('    expose: [80, "9000-9001/udp"]\n')).expose).toEqual(['80', '9000-9001/udp']);
  });
});

describe('volumes', () => {
  it('tells named volumes, anonymous volumes and bind mounts apart in the short syntax', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data:ro\n      - /anonymous\n      - ./site:/site\n      - ../shared:/shared:ro\n      - /etc/hosts:/host-hosts:ro\nvolumes:\n  data:\n',
    });
    expect(project.services.web!.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: true, noCopy: false },
      { type: 'volume', target: '/anonymous', readOnly: false, noCopy: false },
      { type: 'bind', source: temp.path('site'), target: '/site', readOnly: false, createHostPath: true },
      { type: 'bind', source: temp.path('../shared'), target: '/shared', readOnly: true, createHostPath: true },
      { type: 'bind', source: '/etc/hosts', target: '/host-hosts', readOnly: true, createHostPath: true },
    ]);
  });

  it('reads the long syntax for volume, bind and tmpfs', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml': [
        'services:\n  web:\n    image: nginx\n    volumes:',
        '      - { type: volume, source: data, target: /data, volume: { nocopy: true } }',
        '      - { type: bind, source: ./conf, target: /conf, read_only: true }',
        '      - { type: bind, source: ./made, target: /made, bind: { create_host_path: true } }',
        '      - { type: tmpfs, target: /scratch, tmpfs: { size: 64m, mode: 1777 } }',
        'volumes:\n  data: {}\n',
      ].join('\n'),
    });
    expect(project.services.web!.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: true },
      { type: 'bind', source: temp.path('conf'), target: '/conf', readOnly: true, createHostPath: false },
      { type: 'bind', source: temp.path('made'), target: '/made', readOnly: false, createHostPath: true },
      { type: 'tmpfs', target: '/scratch', sizeBytes: 64 * 1024 ** 2, mode: 0o1777 },
    ]);
  });

  it('expands ~ in a bind mount from HOME', async () => {
    const service = await web('    volumes: ["~/cache:/cache"]\n', '', { HOME: '/home/tester' });
    expect(service.volumes[0]).toMatchObject({ type: 'bind', source: '/home/tester/cache' });
  });

  it('keeps service-level tmpfs as written, a string being one mount', async () => {
    expect((await web('    tmpfs: /run\n')).tmpfs).toEqual(['/run']);
    expect((await web('    tmpfs: ["/run", "/tmp:size=64m"]\n')).tmpfs).toEqual(['/run', '/tmp:size=64m']);
  });
});

describe('healthcheck', () => {
  it('runs a string test with the shell and fills in Compose\'s defaults', async () => {
    expect((await web('    healthcheck:\n      test: curl -f http://localhost/\n')).healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost/'],
      intervalMs: 30_000,
      timeoutMs: 30_000,
      retries: 3,
      startPeriodMs: 0,
      startIntervalMs: 5_000,
    });
  });

  it('has the defaults 30s, 30s, 3, 0, 5s', () => {
    expect(HEALTHCHECK_DEFAULTS).toEqual({ intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0, startIntervalMs: 5_000 });
  });

  it('keeps a list test and reads every duration', async () => {
    const service = await web(
      '    healthcheck:\n      test: ["CMD", "pg_isready"]\n      interval: 2s\n      timeout: 1m30s\n      retries: "5"\n      start_period: 500ms\n      start_interval: 1s\n',
    );
    expect(service.healthcheck).toEqual({
      test: ['CMD', 'pg_isready'],
      intervalMs: 2000,
      timeoutMs: 90_000,
      retries: 5,
      startPeriodMs: 500,
      startIntervalMs: 1000,
    });
  });

  it('is disabled by disable: true or test: ["NONE"]', async () => {
    expect((await web('    healthcheck:\n      disable: true\n')).healthcheck).toBe('disabled');
    expect((await web('    healthcheck:\n      test: ["NONE"]\n')).healthcheck).toBe('disabled');
  });

  it('leaves the image\'s own healthcheck when none is given', async () => {
    expect((await web('')).healthcheck).toBeUndefined();
  });
});

describe('depends_on', () => {
  const DB = '  db:\n    image: postgres\n';

  it('turns a list into service_started dependencies', async () => {
    expect((await web('    depends_on: [db]\n', DB)).dependsOn).toEqual({ db: { condition: 'service_started', required: true, restart: false } });
  });

  it('reads the map form with its condition, required and restart', async () => {
    const service = await web('    depends_on:\n      db: { condition: service_healthy, restart: true }\n      cache: { condition: service_completed_successfully, required: false }\n', DB);
    expect(service.dependsOn).toEqual({
      db: { condition: 'service_healthy', required: true, restart: true },
      cache: { condition: 'service_completed_successfully', required: false, restart: false },
    });
  });
});

describe('replicas', () => {
  it('is 1 by default, else scale or deploy.replicas', async () => {
    expect((await web('')).replicas).toBe(1);
    expect((await web('    scale: 3\n')).replicas).toBe(3);
    expect((await web('    deploy:\n      replicas: 2\n')).replicas).toBe(2);
    expect((await web('    scale: 2\n    deploy: { replicas: 2 }\n')).replicas).toBe(2);
  });

  it('refuses scale and deploy.replicas that disagree, pointing at scale', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    scale: 2\n    deploy:\n      replicas: 3\n' });
    expect(err.issues).toEqual([
      { message: 'services.web.scale: is 2 but deploy.replicas is 3; keep one of them', position: { file: 'compose.yaml', line: 4, col: 12 }, path: 'services.web.scale' },
    ]);
  });

  it('allows scale: 0', async () => {
    expect((await web('    scale: 0\n')).replicas).toBe(0);
  });
});

describe('environment and env_file', () => {
  it('reads the map and list forms, keeping values as text', async () => {
    expect((await web('    environment:\n      A: 1.10\n      B: "x"\n      C:\n')).environment).toEqual({ A: '1.10', B: 'x', C: null });
    expect((await web('    environment: ["A=1", "B=x=y", "C"]\n')).environment).toEqual({ A: '1', B: 'x=y', C: null });
  });

  it('takes a key without a value from the environment', async () => {
    expect((await web('    environment: [TOKEN]\n', '', { TOKEN: 'secret' })).environment).toEqual({ TOKEN: 'secret' });
  });

  it('reads env_file first and lets environment override it', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: [common.env, web.env]\n    environment:\n      B: from-environment\n',
      'common.env': 'A=common\nB=common\nC=common\n',
      'web.env': 'C=web\n',
    });
    expect(project.services.web!.environment).toEqual({ A: 'common', B: 'from-environment', C: 'web' });
  });

  it('skips a missing env_file marked required: false', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file:\n      - path: ./optional.env\n        required: false\n',
    });
    expect(project.services.web!.environment).toEqual({});
  });

  it('fails on a missing env_file, pointing at the entry', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file:\n      - present.env\n      - missing.env\n', 'present.env': 'A=1\n' });
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.message).toMatch(/^services\.web\.env_file\[1\]: env file missing\.env does not exist/);
    expect(err.issues[0]!.position).toEqual({ file: 'compose.yaml', line: 6, col: 9 });
  });
});

describe('configs and secrets', () => {
  const FILES = 'configs:\n  app.conf: { content: "x" }\nsecrets:\n  db_password: { file: ./pw.txt }\n';

  it('mounts configs at /<name> and secrets at /run/secrets/<name> by default', async () => {
    const service = await web('    configs: [app.conf]\n    secrets: [db_password]\n', FILES);
    expect(service.configs).toEqual([{ source: 'app.conf', target: '/app.conf' }]);
    expect(service.secrets).toEqual([{ source: 'db_password', target: '/run/secrets/db_password' }]);
  });

  it('honours absolute and relative targets, uid, gid and octal mode', async () => {
    const service = await web(
      '    configs:\n      - { source: app.conf, target: /etc/app.conf, uid: "100", gid: 101, mode: 0440 }\n    secrets:\n      - { source: db_password, target: pw }\n',
      FILES,
    );
    expect(service.configs).toEqual([{ source: 'app.conf', target: '/etc/app.conf', uid: '100', gid: '101', mode: 0o440 }]);
    expect(service.secrets).toEqual([{ source: 'db_password', target: '/run/secrets/pw' }]);
  });

  it('resolves a config file against the project directory', async () => {
    const { project, temp } = await loadFrom({ 'compose.yaml': `services:\n  web:\n    image: nginx\n${FILES}` });
    expect(project.secrets.db_password).toMatchObject({ name: 'db_password', file: temp.path('pw.txt'), external: false });
    expect(project.configs['app.conf']).toMatchObject({ content: 'x' });
  });
});

describe('the rest of a service', () => {
  it('splits a string command like a shell and keeps a list as it is', async () => {
    expect((await web('    command: sh -c "echo \'hi there\'"\n')).command).toEqual(['sh', '-c', "echo 'hi there'"]);
    expect((await web('    command: ["a b", 1]\n    entrypoint: /init\n'))).toMatchObject({ command: ['a b', '1'], entrypoint: ['/init'] });
    expect((await web('')).command).toBeUndefined();
    expect((await web('    command: []\n')).command).toEqual([]);
  });

  it('fills in defaults', async () => {
    expect(await web('')).toMatchObject({
      name: 'web',
      image: 'nginx',
      environment: {},
      ports: [],
      networks: { default: { aliases: [] } },
      dependsOn: {},
      restart: 'no',
      readOnly: false,
      replicas: 1,
      limits: {},
      position: { file: 'compose.yaml', line: 2, col: 3 },
    });
  });

  it('reads build as a path or a mapping, args without a value from the environment', async () => {
    const { project, temp } = await loadFrom(
      {
        'compose.yaml':
          'services:\n  a:\n    build: ./a\n  b:\n    image: reg/b:dev\n    build:\n      context: b\n      dockerfile: Dockerfile.dev\n      target: dev\n      args: [VERSION=1, FROM_ENV, UNSET]\n',
      },
      { env: { FROM_ENV: 'env' } },
    );
    expect(project.services.a!.build).toEqual({ context: temp.path('a'), dockerfile: 'Dockerfile', args: {}, labels: {} });
    expect(project.services.b).toMatchObject({
      image: 'reg/b:dev',
      build: { context: temp.path('b'), dockerfile: 'Dockerfile.dev', target: 'dev', args: { VERSION: '1', FROM_ENV: 'env' } },
    });
  });

  it('reads limits from mem_limit and deploy.resources.limits, deploy winning', async () => {
    expect((await web('    mem_limit: 512m\n')).limits).toEqual({ memoryBytes: 512 * 1024 ** 2 });
    expect((await web('    mem_limit: 512m\n    deploy:\n      resources:\n        limits: { memory: 1g, cpus: "0.5", pids: 100 }\n')).limits).toEqual({
      memoryBytes: 1024 ** 3,
      cpus: 0.5,
      pids: 100,
    });
  });

  it('writes extra_hosts as host:ip, from a list or a mapping', async () => {
    expect((await web('    extra_hosts: ["a=10.0.0.1", "b:10.0.0.2"]\n')).extraHosts).toEqual(['a:10.0.0.1', 'b:10.0.0.2']);
    expect((await web('    extra_hosts:\n      c: 10.0.0.3\n')).extraHosts).toEqual(['c:10.0.0.3']);
  });

  it('reads networks as a list or a mapping with aliases and an address', async () => {
    const NETS = 'networks:\n  front: {}\n  back: { internal: true }\n';
    expect((await web('    networks: [front, back]\n', NETS)).networks).toEqual({ front: { aliases: [] }, back: { aliases: [] } });
    expect((await web('    networks:\n      front:\n      back: { aliases: [api], ipv4_address: 172.30.0.5 }\n', NETS)).networks).toEqual({
      front: { aliases: [] },
      back: { aliases: ['api'], ipv4Address: '172.30.0.5' },
    });
  });

  it('refuses a service with neither image nor build, pointing at its name', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    restart: always\n' });
    expect(err.issues).toEqual([
      { message: 'services.web: has neither image nor build; give the image to run or a build context', position: { file: 'compose.yaml', line: 2, col: 3 }, path: 'services.web' },
    ]);
  });
});

describe('x-testbed readiness marks', () => {
  it('are off unless the file marks the service oneshot or ready: started', async () => {
    expect(await web('')).toMatchObject({ oneShot: false, readyOnStart: false });
    expect(await web('    x-testbed:\n      oneshot: true\n      ready: started\n')).toMatchObject({ oneShot: true, readyOnStart: true });
  });

  it('refuses a readiness other than started, where it is written', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    x-testbed:\n      ready: healthy\n' });
    expect(err.message).toMatch(/compose\.yaml:5:\d+.*expected started/);
  });
});
