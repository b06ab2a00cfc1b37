import { describe, expect, it } from 'vitest';
import { EXTRA_NETWORKS_LABEL, extraNetworksOf, toCreateBody } from '../../../src/engine/docker/container-create-options.js';
import type { ContainerSpec } from '../../../src/plan/specs.js';

function spec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name: 'shop-a-web-1',
    image: 'nginx:1.27',
    labels: { 'dev.testbed.set': 'a' },
    env: ['A=1'],
    exposedPorts: [],
    portBindings: [],
    mounts: [],
    networks: [],
    restart: { name: 'no' },
    capAdd: [],
    capDrop: [],
    readOnly: false,
    tmpfs: {},
    extraHosts: [],
    ...overrides,
  };
}

describe('ContainerSpec -> create body', () => {
  it('translates a full spec', () => {
    const body = toCreateBody(
      spec({
        command: ['nginx', '-g', 'daemon off;'],
        entrypoint: ['/docker-entrypoint.sh'],
        user: '101:101',
        workingDir: '/srv',
        hostname: 'web',
        domainname: 'shop.test',
        exposedPorts: ['80/tcp', '443/tcp', '53/udp'],
        portBindings: [
          { containerPort: '80/tcp', hostIp: '127.64.0.2', hostPort: '8080' },
          { containerPort: '80/tcp', hostIp: '127.64.0.3', hostPort: '' },
        ],
        mounts: [
          { type: 'volume', source: 'shop-a_data', target: '/data', readOnly: false, noCopy: true },
          { type: 'bind', source: '/home/u/site', target: '/srv', readOnly: true },
          { type: 'tmpfs', target: '/run', sizeBytes: 65536, mode: 0o1777 },
          { type: 'tmpfs', target: '/cache' },
        ],
        networks: [{ network: 'shop-a_default', aliases: ['web', 'www'], ipv4Address: '10.5.0.7' }],
        healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost'], intervalMs: 1500, timeoutMs: 2000, retries: 3, startPeriodMs: 500 },
        init: true,
        restart: { name: 'on-failure', maxRetries: 4 },
        capAdd: ['NET_ADMIN'],
        capDrop: ['ALL'],
        readOnly: true,
        tmpfs: { '/tmp': 'size=64m' },
        stopSignal: 'SIGQUIT',
        stopTimeoutSeconds: 5,
        extraHosts: ['db.local:10.5.0.9'],
        memoryBytes: 256 * 1024 * 1024,
        nanoCpus: 500_000_000,
        pidsLimit: 100,
      }),
    );
    expect(body).toEqual({
      name: 'shop-a-web-1',
      Image: 'nginx:1.27',
      Labels: { 'dev.testbed.set': 'a' },
      Env: ['A=1'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      User: '101:101',
      WorkingDir: '/srv',
      Hostname: 'web',
      Domainname: 'shop.test',
      ExposedPorts: { '80/tcp': {}, '443/tcp': {}, '53/udp': {} },
      Healthcheck: { Test: ['CMD', 'curl', '-f', 'http://localhost'], Interval: 1.5e9, Timeout: 2e9, Retries: 3, StartPeriod: 5e8 },
      StopSignal: 'SIGQUIT',
      StopTimeout: 5,
      HostConfig: {
        PortBindings: {
          '80/tcp': [
            { HostIp: '127.64.0.2', HostPort: '8080' },
            { HostIp: '127.64.0.3', HostPort: '' },
          ],
        },
        Mounts: [
          { Type: 'volume', Source: 'shop-a_data', Target: '/data', ReadOnly: false, VolumeOptions: { NoCopy: true } },
          { Type: 'bind', Source: '/home/u/site', Target: '/srv', ReadOnly: true },
          { Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } },
          { Type: 'tmpfs', Target: '/cache' },
        ],
        NetworkMode: 'shop-a_default',
        Init: true,
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 4 },
        CapAdd: ['NET_ADMIN'],
        CapDrop: ['ALL'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'size=64m' },
        ExtraHosts: ['db.local:10.5.0.9'],
        Memory: 268435456,
        NanoCpus: 500_000_000,
        PidsLimit: 100,
      },
      NetworkingConfig: {
        EndpointsConfig: { 'shop-a_default': { Aliases: ['web', 'www'], IPAMConfig: { IPv4Address: '10.5.0.7' } } },
      },
    });
  });

  it('leaves out what the spec leaves out, so the image and engine defaults apply', () => {
    const body = toCreateBody(spec());
    expect(body).not.toHaveProperty('Cmd');
    expect(body).not.toHaveProperty('Entrypoint');
    expect(body).not.toHaveProperty('Healthcheck');
    expect(body).not.toHaveProperty('NetworkingConfig');
    expect(body.HostConfig).not.toHaveProperty('NetworkMode');
    expect(body.HostConfig).not.toHaveProperty('Init');
    expect(body.HostConfig.RestartPolicy).toEqual({ Name: 'no' });
  });

  it('sends an explicit empty command and entrypoint', () => {
    expect(toCreateBody(spec({ command: [], entrypoint: [] }))).toMatchObject({ Cmd: [], Entrypoint: [] });
    // The engine would put the image's CMD back into an empty Cmd unless the entrypoint is given too.
    expect(toCreateBody(spec({ command: [] }), { entrypoint: ['/init'] })).toMatchObject({ Cmd: [], Entrypoint: ['/init'] });
  });

  it("turns a disabled healthcheck into the engine's NONE", () => {
    expect(toCreateBody(spec({ healthcheck: 'disabled' })).Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('attaches the first network at create time and records the others for start', () => {
    const networks = [
      { network: 'front', aliases: ['web'] },
      { network: 'back', aliases: ['web', 'api'], ipv4Address: '10.9.0.4' },
      { network: 'admin', aliases: [] },
    ];
    const body = toCreateBody(spec({ networks }));
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { front: { Aliases: ['web'] } } });
    expect(body.HostConfig.NetworkMode).toBe('front');
    expect(extraNetworksOf(body.Labels)).toEqual(networks.slice(1));
    expect(toCreateBody(spec({ networks: networks.slice(0, 1) })).Labels).not.toHaveProperty(EXTRA_NETWORKS_LABEL);
  });
});

describe('container keys in the create body', () => {
  it('puts HostSpec fields in HostConfig and Config, and network_mode in place of the networks', () => {
    const body = toCreateBody(
      spec({
        networkMode: 'container:shop-a-db-1',
        host: {
          privileged: true,
          sysctls: { 'net.core.somaxconn': '1024' },
          ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
          devices: [{ pathOnHost: '/dev/null', pathInContainer: '/dev/x', cgroupPermissions: 'r' }],
          ipcMode: 'shareable',
          logConfig: { type: 'json-file', config: { 'max-size': '1m' } },
          deviceRequests: [{ count: -1, capabilities: [['gpu']], options: {} }],
          tty: true,
          openStdin: true,
          macAddress: '02:42:ac:11:00:99',
          platform: 'linux/amd64',
        },
      }),
    );
    expect(body.HostConfig).toMatchObject({
      NetworkMode: 'container:shop-a-db-1',
      Privileged: true,
      Sysctls: { 'net.core.somaxconn': '1024' },
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/x', CgroupPermissions: 'r' }],
      IpcMode: 'shareable',
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
      DeviceRequests: [{ Count: -1, Capabilities: [['gpu']], Options: {} }],
    });
    expect(body).toMatchObject({ Tty: true, OpenStdin: true, MacAddress: '02:42:ac:11:00:99', platform: 'linux/amd64' });
    expect(body.NetworkingConfig).toBeUndefined();
  });

  it('leaves the body as it was for a spec without them', () => {
    const body = toCreateBody(spec());
    expect(Object.keys(body.HostConfig).sort()).toEqual(['CapAdd', 'CapDrop', 'ExtraHosts', 'Mounts', 'PortBindings', 'ReadonlyRootfs', 'RestartPolicy', 'Tmpfs']);
  });
});
