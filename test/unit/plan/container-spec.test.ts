import { describe, expect, it } from 'vitest';
import type { PortMapping, Project, Service } from '../../../src/model/project.js';
import { buildSpec } from '../../../src/plan/build-spec.js';
import { containerSpec, type ContainerSpecInput } from '../../../src/plan/container-spec.js';
import { networkSpecs, volumeSpecs } from '../../../src/plan/resource-specs.js';
import { LABEL } from '../../../src/plan/labels.js';
import { project, service } from './fixtures.js';

const ADDRESS = '127.4.5.6';

function specOf(svc: Service, overrides: Partial<ContainerSpecInput> = {}, p: Project = project([svc])) {
  return containerSpec({
    project: p,
    set: 'demo',
    service: svc,
    replica: 1,
    address: ADDRESS,
    image: 'debian:bookworm-slim',
    publish: 'loopback',
    ...overrides,
  });
}

const port = (mapping: Partial<PortMapping> & { target: number }): PortMapping => ({ protocol: 'tcp', ...mapping });

describe('container spec', () => {
  it('names the container and its hosts after project, set, service and replica', () => {
    const web = service('web', { replicas: 2 });
    expect(specOf(web)).toMatchObject({ name: 'shop-demo-web-1', hostname: 'web', domainname: 'demo.lan' });
    expect(specOf(web, { replica: 2 })).toMatchObject({ name: 'shop-demo-web-2', hostname: 'web-2' });
    expect(specOf(service('web', { hostname: 'www' }))).toMatchObject({ hostname: 'www' });
  });

  it('is reachable as <service> and <service>.<set>.lan on the set network', () => {
    const web = service('web', { networks: { default: { aliases: ['www'] } } });
    expect(specOf(web, { replica: 2 }).networks).toEqual([
      { network: 'shop-demo-default', aliases: ['web', 'web.demo.lan', 'web-2.demo.lan', 'www'] },
    ]);
  });

  it('joins default first, then other networks by name; an external network keeps its name and no bare alias', () => {
    const web = service('web', {
      networks: { edge: { aliases: [] }, front: { aliases: [] }, default: { aliases: [] } },
    });
    const p = project([web], {
      networks: { edge: { name: 'edge', internal: false, external: true, externalName: 'proxy', labels: {}, enableIpv6: false } },
    });
    expect(specOf(web, {}, p).networks).toEqual([
      { network: 'shop-demo-default', aliases: ['web', 'web.demo.lan', 'web-1.demo.lan'] },
      { network: 'proxy', aliases: ['web.demo.lan', 'web-1.demo.lan'] },
      { network: 'shop-demo-front', aliases: ['web', 'web.demo.lan', 'web-1.demo.lan'] },
    ]);
  });

  it('labels the container with what the set needs to find it again', () => {
    const spec = specOf(service('web', { labels: { team: 'shop', [LABEL.set]: 'spoofed' } }), {
      extraLabels: { [LABEL.test]: 'true' },
    });
    expect(spec.labels).toMatchObject({
      team: 'shop',
      [LABEL.managed]: 'true',
      [LABEL.project]: 'shop',
      [LABEL.set]: 'demo',
      [LABEL.service]: 'web',
      [LABEL.number]: '1',
      [LABEL.address]: ADDRESS,
      [LABEL.projectDirectory]: '/src/shop',
      [LABEL.configFiles]: '/src/shop/compose.yaml',
      [LABEL.test]: 'true',
    });
    expect(spec.labels[LABEL.configHash]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('passes the environment as sorted KEY=VALUE and leaves unset variables out', () => {
    const spec = specOf(service('web', { environment: { Z: 'last', A: 'a=b', EMPTY: '', UNSET: null } }));
    expect(spec.env).toEqual(['A=a=b', 'EMPTY=', 'Z=last']);
  });

  describe('ports', () => {
    const publish = (ports: PortMapping[], publishMode: 'loopback' | 'ephemeral' = 'loopback') =>
      specOf(service('web', { ports }), { publish: publishMode }).portBindings;

    it('publishes on the replica address with the numbers the file gives', () => {
      expect(publish([port({ target: 80, published: 8080 })])).toEqual([
        { containerPort: '80/tcp', hostIp: ADDRESS, hostPort: '8080' },
      ]);
    });

    it('uses the container port on the host when the file gives none', () => {
      expect(publish([port({ target: 5432 })])).toEqual([{ containerPort: '5432/tcp', hostIp: ADDRESS, hostPort: '5432' }]);
    });

    it('moves 127.0.0.1 in the file to the set address, so sets do not clash', () => {
      expect(publish([port({ target: 80, published: 8080, hostIp: '127.0.0.1' })])[0]!.hostIp).toBe(ADDRESS);
    });

    it('publishes on 0.0.0.0 only when the file says so', () => {
      expect(publish([port({ target: 80, published: 8080, hostIp: '0.0.0.0' })])[0]!.hostIp).toBe('0.0.0.0');
    });

    it('expands ranges to one binding per port', () => {
      expect(publish([port({ target: 9000, targetEnd: 9002, published: 19000, publishedEnd: 19002, protocol: 'udp' })])).toEqual([
        { containerPort: '9000/udp', hostIp: ADDRESS, hostPort: '19000' },
        { containerPort: '9001/udp', hostIp: ADDRESS, hostPort: '19001' },
        { containerPort: '9002/udp', hostIp: ADDRESS, hostPort: '19002' },
      ]);
    });

    it('lets the engine pick from a host range for a single container port', () => {
      expect(publish([port({ target: 80, published: 8000, publishedEnd: 8010 })])[0]!.hostPort).toBe('8000-8010');
    });

    it('asks for random ports on 127.0.0.1 in ephemeral mode, unless the file names an interface', () => {
      expect(
        publish([port({ target: 80, published: 8080 }), port({ target: 443, published: 8443, hostIp: '0.0.0.0' })], 'ephemeral'),
      ).toEqual([
        { containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '' },
        { containerPort: '443/tcp', hostIp: '0.0.0.0', hostPort: '' },
      ]);
    });

    it('exposes every published and exposed port', () => {
      const spec = specOf(service('web', { ports: [port({ target: 80 })], expose: ['3000-3001', '53/udp', '80'] }));
      expect(spec.exposedPorts).toEqual(['53/udp', '80/tcp', '3000/tcp', '3001/tcp']);
    });
  });

  describe('mounts', () => {
    const web = service('web', {
      volumes: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: false },
        { type: 'volume', source: 'cache', target: '/cache', readOnly: true, noCopy: false },
        { type: 'volume', target: '/scratch', readOnly: false, noCopy: false },
        { type: 'bind', source: '/src/shop/conf', target: '/etc/app', readOnly: true, createHostPath: true },
        { type: 'tmpfs', target: '/run', sizeBytes: 1024 },
      ],
      tmpfs: ['/tmp:size=64m,mode=1777', '/var/tmp'],
    });
    const p = project([web], {
      volumes: {
        data: { name: 'data', external: false, driverOpts: {}, labels: {} },
        cache: { name: 'cache', external: true, externalName: 'shared-cache', driverOpts: {}, labels: {} },
      },
    });

    const appConf = { hostPath: '/sets/demo/app.conf', target: '/etc/app.conf', mode: 0o444, uid: 0, gid: 0, sha256: 'abc' };

    it('copies configs and secrets in through a label, so a changed content changes the config hash', () => {
      const spec = specOf(web, { files: [appConf] }, p);
      expect(JSON.parse(spec.labels['dev.testbed.files']!)).toEqual([appConf]);
      expect(spec.mounts.some((m) => m.target === '/etc/app.conf')).toBe(false);
      const changed = specOf(web, { files: [{ ...appConf, sha256: 'def' }] }, p);
      expect(changed.labels['dev.testbed.config-hash']).not.toBe(spec.labels['dev.testbed.config-hash']);
    });

    it('scopes named volumes to the set and keeps external, anonymous, bind and tmpfs mounts as they are; a read-only container bind-mounts its files', () => {
      const spec = specOf({ ...web, readOnly: true }, { files: [appConf] }, p);
      expect(spec.mounts).toEqual([
        { type: 'volume', source: 'shop-demo-data', target: '/data', readOnly: false, noCopy: false },
        { type: 'volume', source: 'shared-cache', target: '/cache', readOnly: true, noCopy: false },
        { type: 'volume', source: '', target: '/scratch', readOnly: false, noCopy: false },
        { type: 'bind', source: '/src/shop/conf', target: '/etc/app', readOnly: true, createHostPath: true },
        { type: 'tmpfs', target: '/run', sizeBytes: 1024 },
        { type: 'bind', source: '/sets/demo/app.conf', target: '/etc/app.conf', readOnly: true, createHostPath: false },
      ]);
      expect(spec.tmpfs).toEqual({ '/tmp': 'size=64m,mode=1777', '/var/tmp': '' });
    });

    it('gives two sets different volumes', () => {
      expect(specOf(web, { set: 'demo2' }, p).mounts[0]).toMatchObject({ source: 'shop-demo2-data' });
      expect(volumeSpecs(p, 'demo2').map((v) => v.name)).toEqual(['shop-demo2-data']);
    });
  });

  it('translates runtime options to engine units', () => {
    const spec = specOf(
      service('web', {
        restart: 'on-failure:3',
        stopGracePeriodMs: 1500,
        limits: { memoryBytes: 64 * 1024 * 1024, cpus: 0.5, pids: 100 },
        healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 500, retries: 3, startPeriodMs: 0, startIntervalMs: 100 },
        capAdd: ['NET_ADMIN'],
        init: true,
      }),
    );
    expect(spec).toMatchObject({
      restart: { name: 'on-failure', maxRetries: 3 },
      stopTimeoutSeconds: 2,
      memoryBytes: 67108864,
      nanoCpus: 500000000,
      pidsLimit: 100,
      healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 500, retries: 3, startPeriodMs: 0 },
      capAdd: ['NET_ADMIN'],
      init: true,
    });
    expect(specOf(service('web', { restart: 'always', healthcheck: 'disabled' }))).toMatchObject({
      restart: { name: 'always' },
      healthcheck: 'disabled',
    });
    expect(specOf(service('web'))).not.toHaveProperty('stopTimeoutSeconds');
  });
});

describe('network, volume and build specs', () => {
  it('creates only the networks services join, set-scoped and labelled, never external ones', () => {
    const p = project([service('web', { networks: { default: { aliases: [] }, back: { aliases: [] }, edge: { aliases: [] } } })], {
      networks: {
        back: { name: 'back', internal: true, external: false, labels: { tier: 'back' }, enableIpv6: false },
        unused: { name: 'unused', internal: false, external: false, labels: {}, enableIpv6: false },
        edge: { name: 'edge', internal: false, external: true, labels: {}, enableIpv6: false },
      },
    });
    expect(networkSpecs(p, 'demo')).toEqual([
      {
        name: 'shop-demo-back',
        internal: true,
        enableIpv6: false,
        labels: { tier: 'back', [LABEL.managed]: 'true', [LABEL.network]: 'back', [LABEL.project]: 'shop', [LABEL.set]: 'demo' },
      },
      {
        name: 'shop-demo-default',
        internal: false,
        enableIpv6: false,
        labels: { [LABEL.managed]: 'true', [LABEL.network]: 'default', [LABEL.project]: 'shop', [LABEL.set]: 'demo' },
      },
    ]);
  });

  it("keeps the file's ipam ranges as written", () => {
    const ipam = { config: [{ subnet: '10.42.7.0/24', gateway: '10.42.7.254' }] };
    const p = project([service('web', { networks: { default: { aliases: [] } } })], {
      networks: { default: { name: 'default', internal: false, external: false, labels: {}, enableIpv6: false, ipam } },
    });
    expect(networkSpecs(p, 'demo')[0]!.ipam).toEqual(ipam);
  });

  it('builds images per project, tagged with the build hash', () => {
    const web = service('web', {
      image: undefined,
      build: { context: '/src/shop/web', dockerfile: 'Dockerfile', args: { V: '1' }, labels: { team: 'shop' } },
    });
    expect(buildSpec(project([web]), web, '0123456789abcdef', true)).toEqual({
      tag: 'testbed/shop-web:0123456789ab',
      context: '/src/shop/web',
      dockerfile: 'Dockerfile',
      args: { V: '1' },
      labels: {
        team: 'shop',
        [LABEL.buildHash]: '0123456789abcdef',
        [LABEL.managed]: 'true',
        [LABEL.project]: 'shop',
        [LABEL.service]: 'web',
      },
      noCache: true,
    });
  });
});
