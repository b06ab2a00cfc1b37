import { describe, expect, it } from 'vitest';
import { toCompose, toComposeYaml } from '../../../src/model/to-compose.js';
import type { Project } from '../../../src/model/project.js';
import { loadFrom, projectOf } from './load.js';

const FULL = `
name: shop
services:
  web:
    image: nginx:1.27
    command: nginx -g "daemon off;"
    ports:
      - "8080:80"
      - "127.0.0.1::443"
      - target: 53
        published: 5353
        protocol: udp
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - cache:/var/cache/nginx
      - type: tmpfs
        target: /tmp
        tmpfs: { size: 64m, mode: 1777 }
    environment:
      B: "2"
      A: 1.10
    env_file: [web.env]
    depends_on: [api]
    networks: [front]
    healthcheck:
      test: curl -f http://localhost/
      interval: 90s
    labels: [tier=front]
    restart: unless-stopped
    stop_grace_period: 1m30s
    configs: [site.conf]
    x-testbed:
      liveness_probe: true
  api:
    build:
      context: ./api
      args: { VERSION: "1" }
    scale: 2
    mem_limit: 512m
    networks:
      front:
      back:
        aliases: [backend]
    depends_on:
      db:
        condition: service_healthy
    secrets:
      - source: db_password
        target: password
        mode: 0400
  db:
    image: postgres:16
    healthcheck:
      disable: true
    networks: [back]
networks:
  front: {}
  back: { internal: true, ipam: { config: [{ subnet: 10.42.7.0/24, gateway: 10.42.7.1 }] } }
volumes:
  cache: {}
configs:
  site.conf:
    file: ./site.conf
secrets:
  db_password:
    environment: DB_PASSWORD
x-testbed:
  values: { greeting: hello }
x-shared: { any: thing }
`;

async function full() {
  return loadFrom({ 'compose.yaml': FULL, 'web.env': 'FROM_FILE=yes\n' }, { env: { DB_PASSWORD: 'hunter2' } });
}

/** What loading the same project again must reproduce (positions and bookkeeping aside). */
function meaning(project: Project) {
  const services = Object.fromEntries(Object.entries(project.services).map(([name, { position: _p, ...rest }]) => [name, rest]));
  const { networks, volumes, configs, secrets, xTestbed, extensions, name, profiles, inactiveServices } = project;
  return { name, services, networks, volumes, configs, secrets, xTestbed, extensions, profiles, inactiveServices };
}

describe('the project as a canonical Compose file', () => {
  it('writes every service in long syntax with defaults filled in', async () => {
    const { project, temp } = await full();
    const compose = toCompose(project);
    expect(Object.keys(compose)).toEqual(['name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'x-testbed', 'x-shared']);
    expect(compose.name).toBe('shop');
    const services = compose.services as Record<string, Record<string, unknown>>;
    expect(Object.keys(services)).toEqual(['api', 'db', 'web']);
    expect(services.web).toEqual({
      command: ['nginx', '-g', 'daemon off;'],
      configs: [{ source: 'site.conf', target: '/site.conf' }],
      depends_on: { api: { condition: 'service_started', required: true, restart: false } },
      environment: { A: '1.10', B: '2', FROM_FILE: 'yes' },
      healthcheck: {
        test: ['CMD-SHELL', 'curl -f http://localhost/'],
        interval: '1m30s',
        timeout: '30s',
        retries: 3,
        start_period: '0s',
        start_interval: '5s',
      },
      image: 'nginx:1.27',
      labels: { tier: 'front' },
      networks: { front: null },
      ports: [
        { target: 80, published: '8080', protocol: 'tcp' },
        { target: 443, host_ip: '127.0.0.1', protocol: 'tcp' },
        { target: 53, published: '5353', protocol: 'udp' },
      ],
      restart: 'unless-stopped',
      stop_grace_period: '1m30s',
      volumes: [
        { type: 'bind', source: temp.path('site'), target: '/usr/share/nginx/html', read_only: true, bind: { create_host_path: true } },
        { type: 'volume', source: 'cache', target: '/var/cache/nginx' },
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '01777' } },
      ],
      'x-testbed': { liveness_probe: true },
    });
    expect(services.api).toEqual({
      build: { context: temp.path('api'), dockerfile: 'Dockerfile', args: { VERSION: '1' } },
      deploy: { resources: { limits: { memory: '512m' } } },
      depends_on: { db: { condition: 'service_healthy', required: true, restart: false } },
      networks: { back: { aliases: ['backend'] }, front: null },
      scale: 2,
      secrets: [{ source: 'db_password', target: '/run/secrets/password', mode: '0400' }],
    });
    expect(services.db).toEqual({ healthcheck: { disable: true }, image: 'postgres:16', networks: { back: null } });
  });

  it('writes networks, volumes, configs, secrets and the x- blocks', async () => {
    const { project, temp } = await full();
    const compose = toCompose(project);
    expect(compose.networks).toEqual({ back: { internal: true, ipam: { config: [{ subnet: '10.42.7.0/24', gateway: '10.42.7.1' }] } }, front: {} });
    expect(compose.volumes).toEqual({ cache: {} });
    expect(compose.configs).toEqual({ 'site.conf': { file: temp.path('site.conf') } });
    expect(compose.secrets).toEqual({ db_password: { environment: 'DB_PASSWORD' } });
    expect(compose['x-testbed']).toEqual({ values: { greeting: 'hello' } });
    expect(compose['x-shared']).toEqual({ any: 'thing' });
  });

  it('never prints a secret\'s value or the environment', async () => {
    const { project } = await full();
    const text = JSON.stringify(toCompose(project));
    expect(text).not.toContain('hunter2');
  });

  it('loads back to the same project', async () => {
    const { project } = await full();
    const again = await loadFrom({ 'compose.yaml': toComposeYaml(project) }, { env: { DB_PASSWORD: 'hunter2' } });
    expect(meaning(again.project)).toEqual(meaning(project));
    expect(again.project.warnings).toEqual([]);
  });

  it('is the same every time', async () => {
    const { project } = await full();
    expect(toComposeYaml(project)).toBe(toComposeYaml(project));
  });

  it('writes a port range as one entry per port, and a host range for one port as it is', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx\n    ports: ["9000-9001:8000-8001/udp", "7000-7001", "6000-6010:80"]\n');
    expect(toCompose(project).services).toMatchObject({
      web: {
        ports: [
          { target: 8000, published: '9000', protocol: 'udp' },
          { target: 8001, published: '9001', protocol: 'udp' },
          { target: 7000, protocol: 'tcp' },
          { target: 7001, protocol: 'tcp' },
          { target: 80, published: '6000-6010', protocol: 'tcp' },
        ],
      },
    });
  });

  it('leaves out what a service does not set', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx\n');
    expect(toCompose(project)).toEqual({
      name: project.name,
      services: { web: { image: 'nginx', networks: { default: null } } },
      networks: { default: {} },
    });
  });

  it('keeps an explicit empty command, which overrides the image\'s', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx\n    command: []\n');
    expect((toCompose(project).services as Record<string, Record<string, unknown>>).web!.command).toEqual([]);
  });

  it('writes limits, profiles, external resources and the remaining keys', async () => {
    const project = await projectOf(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    profiles: [web]',
        '    user: "1000:1000"',
        '    init: true',
        '    working_dir: /app',
        '    hostname: www',
        '    read_only: true',
        '    cap_add: [NET_ADMIN]',
        '    cap_drop: [ALL]',
        '    tmpfs: /run',
        '    stop_signal: SIGINT',
        '    extra_hosts: ["db=10.0.0.2"]',
        '    expose: [9000]',
        '    deploy: { replicas: 3, resources: { limits: { cpus: 0.5, memory: 1000, pids: 50 } } }',
        '    networks: [outside]',
        '    volumes: [shared:/shared]',
        'networks:',
        '  outside: { external: true, name: infra }',
        'volumes:',
        '  shared: { external: true }',
      ].join('\n'),
      { profiles: ['web'] },
    );
    expect((toCompose(project).services as Record<string, unknown>).web).toEqual({
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      deploy: { resources: { limits: { cpus: '0.5', memory: '1000', pids: 50 } } },
      expose: ['9000'],
      extra_hosts: ['db:10.0.0.2'],
      hostname: 'www',
      image: 'nginx',
      init: true,
      networks: { outside: null },
      profiles: ['web'],
      read_only: true,
      scale: 3,
      stop_signal: 'SIGINT',
      tmpfs: ['/run'],
      user: '1000:1000',
      volumes: [{ type: 'volume', source: 'shared', target: '/shared' }],
      working_dir: '/app',
    });
    expect(toCompose(project).networks).toEqual({ outside: { external: true, name: 'infra' } });
    expect(toCompose(project).volumes).toEqual({ shared: { external: true } });
  });
});
