import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { engineFixture, eventually, type EngineFixture } from './engine-fixtures.js';

function httpGet(host: string, port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: urlPath, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe.skipIf(skipWithoutEngine)('containers on the engine', () => {
  let fx: EngineFixture;
  let site: string;

  beforeAll(async () => {
    fx = await engineFixture('eng-ctr');
    site = await mkdtemp(path.join(os.tmpdir(), 'testbed-site-'));
    await writeFile(path.join(site, 'hello.txt'), 'hello from a bind mount\n');
  });

  afterAll(async () => {
    await fx?.cleanup();
    await rm(site, { recursive: true, force: true });
  });

  it('runs a container from a spec with its env, labels, mounts, healthcheck and a port on a loopback address', async () => {
    const { engine } = fx;
    const volume = fx.name('data');
    await engine.createVolume({ name: volume, driverOpts: {}, labels: fx.labels });
    const name = fx.name('web');
    const id = await engine.createContainer(
      fx.spec(name, {
        command: ['httpd', '-f', '-p', '80', '-h', '/site'],
        env: ['GREETING=hello there', 'EMPTY='],
        labels: { ...fx.labels, 'dev.testbed.service': 'web' },
        exposedPorts: ['80/tcp'],
        portBindings: [{ containerPort: '80/tcp', hostIp: '127.77.0.5', hostPort: '' }],
        mounts: [
          { type: 'bind', source: site, target: '/site', readOnly: true },
          { type: 'volume', source: volume, target: '/data', readOnly: false, noCopy: true },
          { type: 'tmpfs', target: '/scratch', sizeBytes: 1024 * 1024 },
        ],
        healthcheck: { test: ['CMD', 'wget', '-qO-', 'http://127.0.0.1/hello.txt'], intervalMs: 300, timeoutMs: 2000, retries: 3, startPeriodMs: 0 },
        hostname: 'web-host',
        workingDir: '/data',
      }),
    );
    await engine.startContainer(id);
    await engine.startContainer(id); // already running is not an error

    const details = await engine.inspectContainer(id);
    expect(details?.state).toBe('running');
    expect(details?.name).toBe(name);
    expect(details?.labels['dev.testbed.service']).toBe('web');
    const port = details?.ports.find((p) => p.containerPort === '80/tcp');
    expect(port?.hostIp).toBe('127.77.0.5');
    expect(port?.hostPort).toBeGreaterThan(0);

    const res = await eventually(
      () => httpGet('127.77.0.5', port!.hostPort, '/hello.txt').catch(() => ({ status: 0, body: '' })),
      (r) => r.status === 200,
    );
    expect(res.body).toBe('hello from a bind mount\n');

    const env = await engine.exec(id, { cmd: ['sh', '-c', 'echo "$GREETING|$(hostname)|$(pwd)"'] });
    expect(env.stdout).toBe('hello there|web-host|/data\n');
    const mounts = await engine.exec(id, { cmd: ['cat', '/proc/mounts'] });
    expect(mounts.stdout).toMatch(/^tmpfs \/scratch tmpfs .*size=1024k/m);
    const readOnly = await engine.exec(id, { cmd: ['sh', '-c', 'echo x > /site/new.txt'] });
    expect(readOnly.exitCode).not.toBe(0);
    await engine.exec(id, { cmd: ['sh', '-c', 'echo kept > /data/file.txt'] });

    const healthy = await eventually(() => engine.inspectContainer(id), (d) => d?.health === 'healthy');
    expect(healthy?.health).toBe('healthy');
    expect(healthy?.healthLog.at(-1)?.exitCode).toBe(0);
    const listed = await engine.listContainers({ ...fx.labels, 'dev.testbed.service': 'web' });
    expect(listed.map((c) => c.name)).toEqual([name]);
    expect(listed[0]?.health).toBe('healthy');

    await engine.stopContainer(id);
    await engine.stopContainer(id); // already stopped is not an error
    await engine.removeContainer(id);
    await engine.removeContainer(id); // missing is not an error
    expect(await engine.inspectContainer(id)).toBeUndefined();

    // The named volume outlives its container.
    const reader = await engine.createContainer(
      fx.spec(fx.name('reader'), { mounts: [{ type: 'volume', source: volume, target: '/data', readOnly: true, noCopy: true }] }),
    );
    await engine.startContainer(reader);
    expect((await engine.exec(reader, { cmd: ['cat', '/data/file.txt'] })).stdout).toBe('kept\n');
    expect((await engine.inspectVolume(volume))?.labels).toMatchObject(fx.labels);
  });

  it('attaches every network with its aliases, the extra ones when the container starts', async () => {
    const { engine } = fx;
    const front = fx.name('front');
    const back = fx.name('back');
    await engine.createNetwork({ name: front, internal: false, enableIpv6: false, labels: fx.labels });
    await engine.createNetwork({ name: back, internal: true, enableIpv6: false, labels: fx.labels });
    expect(await engine.inspectNetwork(back)).toMatchObject({ name: back, internal: true });
    expect((await engine.listNetworks(fx.labels)).map((n) => n.name).sort()).toEqual([back, front].sort());

    const server = await engine.createContainer(
      fx.spec(fx.name('api'), {
        command: ['sh', '-c', 'mkdir -p /w && echo api > /w/index.html && httpd -f -p 80 -h /w'],
        networks: [
          { network: front, aliases: ['api-front'] },
          { network: back, aliases: ['api-back'] },
        ],
      }),
    );
    await engine.startContainer(server);
    const details = await engine.inspectContainer(server);
    expect(Object.keys(details!.networks).sort()).toEqual([back, front].sort());
    expect(details?.labels).toEqual(fx.labels); // the engine's own bookkeeping label is not shown

    const client = await engine.createContainer(fx.spec(fx.name('client'), { networks: [{ network: back, aliases: [] }] }));
    await engine.startContainer(client);
    // No -T: busybox-static's wget crashes with it.
    const res = await eventually(
      () => engine.exec(client, { cmd: ['wget', '-qO-', 'http://api-back/'] }),
      (r) => r.exitCode === 0,
    );
    expect(res.stdout).toBe('api\n');

    // Starting again after a stop reconnects nothing twice.
    await engine.stopContainer(server, 0);
    await engine.startContainer(server);
    expect((await engine.inspectContainer(server))?.state).toBe('running');

    await engine.removeContainer(server);
    await engine.removeContainer(client);
    await engine.removeNetwork(front);
    await engine.removeNetwork(front); // missing is not an error
    expect(await engine.inspectNetwork(front)).toBeUndefined();
  });

  it('waits for a container to exit and reports its exit code', async () => {
    const { engine } = fx;
    const id = await engine.createContainer(fx.spec(fx.name('job'), { command: ['sh', '-c', 'sleep 0.2; exit 7'] }));
    await engine.startContainer(id);
    expect(await engine.waitContainer(id)).toBe(7);
    const details = await engine.inspectContainer(id);
    expect(details).toMatchObject({ state: 'exited', exitCode: 7, path: 'sh', args: ['-c', 'sleep 0.2; exit 7'] });
    expect(details?.finishedAt).toBeInstanceOf(Date);
  });
});
