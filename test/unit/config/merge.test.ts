import { describe, expect, it } from 'vitest';
import { keyPositionAt, positionAt } from '../../../src/config/config-tree.js';
import { loadFiles } from './load-files.js';
import { yaml } from './temp-files.js';

const BASE = yaml`
  services:
    web:
      image: nginx:1.25
      command: ["nginx", "-g", "daemon off;"]
      entrypoint: /docker-entrypoint.sh
      ports:
        - "8080:80"
        - "127.0.0.1:8443:443"
      volumes:
        - ./site:/usr/share/nginx/html:ro
        - logs:/var/log/nginx
      environment:
        A: base
        B: base
      labels: ["team=web", "tier=front"]
      depends_on: [db]
      networks: [front]
      healthcheck:
        test: ["CMD", "true"]
        interval: 10s
    db:
      image: postgres
  networks:
    front: {}
  volumes:
    logs: {}
`;

async function merged(override: string) {
  const { compose, tree } = await loadFiles({ 'compose.yaml': BASE, 'compose.override.yaml': override });
  return { web: compose.services!.web!, compose, tree };
}

describe('merging files', () => {
  it('lets a later file replace a scalar and keeps what it does not mention', async () => {
    const { web } = await merged('services:\n  web:\n    image: nginx:1.27\n');
    expect(web.image).toBe('nginx:1.27');
    expect(web.environment).toEqual({ A: 'base', B: 'base' });
  });

  it('adds a service that only the later file has', async () => {
    const { compose } = await merged('services:\n  cache:\n    image: redis\n');
    expect(Object.keys(compose.services!)).toEqual(['web', 'db', 'cache']);
  });

  it('merges environment by key, mixing list and map forms', async () => {
    const { web } = await merged('services:\n  web:\n    environment: ["B=over", "C=new"]\n');
    expect(web.environment).toEqual({ A: 'base', B: 'over', C: 'new' });
  });

  it('merges labels by key', async () => {
    const { web } = await merged('services:\n  web:\n    labels:\n      tier: back\n      extra: "1"\n');
    expect(web.labels).toEqual({ team: 'web', tier: 'back', extra: '1' });
  });

  it('appends ports, replacing one with the same address, port and protocol', async () => {
    const { web } = await merged(yaml`
      services:
        web:
          ports:
            - "8080:80"
            - target: 443
              published: 8443
              host_ip: 127.0.0.1
              protocol: tcp
            - "9090:90/udp"
    `);
    expect(web.ports).toEqual([
      '8080:80',
      { target: 443, published: 8443, host_ip: '127.0.0.1', protocol: 'tcp' },
      '9090:90/udp',
    ]);
  });

  it('replaces the volume mounted at the same container path and appends others', async () => {
    const { web } = await merged('services:\n  web:\n    volumes:\n      - ./other:/usr/share/nginx/html\n      - /tmp/cache:/cache\n');
    expect(web.volumes).toEqual(['./other:/usr/share/nginx/html', 'logs:/var/log/nginx', '/tmp/cache:/cache']);
  });

  it('replaces command and entrypoint whole, never appends to them', async () => {
    const { web } = await merged('services:\n  web:\n    command: ["nginx-debug"]\n    entrypoint: ["/init"]\n');
    expect(web.command).toEqual(['nginx-debug']);
    expect(web.entrypoint).toEqual(['/init']);
  });

  it('replaces the healthcheck test but merges the other healthcheck settings', async () => {
    const { web } = await merged('services:\n  web:\n    healthcheck:\n      test: ["CMD-SHELL", "curl -f localhost"]\n      retries: 5\n');
    expect(web.healthcheck).toEqual({ test: ['CMD-SHELL', 'curl -f localhost'], interval: '10s', retries: 5 });
  });

  it('merges depends_on by service, a list entry meaning service_started', async () => {
    const { web } = await merged('services:\n  web:\n    depends_on:\n      db: { condition: service_healthy }\n      cache: { condition: service_started }\n  cache: { image: redis }\n');
    expect(web.depends_on).toEqual({ db: { condition: 'service_healthy' }, cache: { condition: 'service_started' } });
  });

  it('keeps a list depends_on merged with a list as a mapping of service_started', async () => {
    const { web } = await merged('services:\n  web:\n    depends_on: [cache]\n  cache: { image: redis }\n');
    expect(web.depends_on).toEqual({ db: { condition: 'service_started' }, cache: { condition: 'service_started' } });
  });

  it('merges service networks by name', async () => {
    const { web } = await merged('services:\n  web:\n    networks:\n      back: { aliases: [www] }\nnetworks:\n  back: {}\n');
    expect(web.networks).toEqual({ front: null, back: { aliases: ['www'] } });
  });

  it('merges build given as a path with build given as a mapping', async () => {
    const { compose } = await loadFiles({
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'compose.override.yaml': 'services:\n  app:\n    build:\n      target: dev\n',
    });
    expect(compose.services!.app!.build).toEqual({ context: './app', target: 'dev' });
  });

  it('!reset removes a value set by an earlier file', async () => {
    const { web } = await merged('services:\n  web:\n    ports: !reset []\n    healthcheck: !reset {}\n    entrypoint: !reset null\n');
    expect(web.ports).toBeUndefined();
    expect(web.healthcheck).toBeUndefined();
    expect(web.entrypoint).toBeUndefined();
    expect(web.image).toBe('nginx:1.25');
  });

  it('!reset on a service removes the whole service', async () => {
    const { compose } = await merged('services:\n  db: !reset {}\n  web:\n    depends_on: !reset []\n');
    expect(Object.keys(compose.services!)).toEqual(['web']);
    expect(compose.services!.web!.depends_on).toBeUndefined();
  });

  it('!override replaces a list or mapping whole instead of merging it', async () => {
    const { web } = await merged('services:\n  web:\n    ports: !override ["9000:80"]\n    environment: !override { ONLY: me }\n');
    expect(web.ports).toEqual(['9000:80']);
    expect(web.environment).toEqual({ ONLY: 'me' });
  });

  it('merges three files in the order given', async () => {
    const { compose } = await loadFiles({
      'a.yaml': 'services:\n  web:\n    image: a\n    environment: { X: a, Y: a }\n',
      'b.yaml': 'services:\n  web:\n    image: b\n    environment: { Y: b }\n',
      'c.yaml': 'services:\n  web:\n    environment: { Z: c }\n',
    });
    expect(compose.services!.web).toMatchObject({ image: 'b', environment: { X: 'a', Y: 'b', Z: 'c' } });
  });

  it('merges top-level networks and volumes, keeping an earlier definition a later file repeats empty', async () => {
    const { compose } = await merged('networks:\n  front:\n  back:\n    internal: true\nvolumes:\n  logs:\n');
    expect(compose.networks).toEqual({ front: {}, back: { internal: true } });
    expect(compose.volumes).toEqual({ logs: {} });
  });

  it('points a merged value at the file that last set it', async () => {
    const { tree } = await merged('\nservices:\n  web:\n    image: nginx:1.27\n');
    expect(positionAt(tree, ['services', 'web', 'image'])).toEqual({ file: 'compose.override.yaml', line: 4, col: 12 });
    expect(positionAt(tree, ['services', 'db', 'image'])?.file).toBe('compose.yaml');
    expect(keyPositionAt(tree, ['services', 'web', 'environment', 'A'])).toEqual({ file: 'compose.yaml', line: 13, col: 7 });
  });
});
