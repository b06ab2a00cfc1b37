import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, EngineUnreachableError, PortInUseError } from '../../../src/common/errors.js';
import { connectEngine } from '../../../src/engine/connect.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { engineFixture, type EngineFixture } from './engine-fixtures.js';

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

describe('engine connection', () => {
  it('an engine socket that does not exist is EngineUnreachableError naming it', async () => {
    const where = `unix:///tmp/testbed-no-engine-${process.pid}.sock`;
    const err = await connectEngine({ env: { DOCKER_HOST: where } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineUnreachableError);
    expect((err as EngineUnreachableError).message).toBe(`no Docker engine answers at ${where}`);
    expect((err as EngineUnreachableError).hint).toMatch(/DOCKER_HOST/);
  });

  it.skipIf(skipWithoutEngine)('the default socket answers and says which engine it is', async () => {
    const engine = await connectEngine({ env: {} });
    const info = await engine.info();
    expect(info).toMatchObject({ endpoint: 'unix:///var/run/docker.sock', flavour: 'docker' });
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
  });
});

describe.skipIf(skipWithoutEngine)('engine errors', () => {
  let fx: EngineFixture;

  beforeAll(async () => {
    fx = await engineFixture('eng-err');
  });

  afterAll(async () => {
    await fx?.cleanup();
  });

  it('publishing a port a host process already listens on is PortInUseError naming the address and the container', async () => {
    const server = await listen('127.77.0.9');
    try {
      const port = (server.address() as net.AddressInfo).port;
      const name = fx.name('clash');
      const id = await fx.engine.createContainer(
        fx.spec(name, { exposedPorts: ['80/tcp'], portBindings: [{ containerPort: '80/tcp', hostIp: '127.77.0.9', hostPort: String(port) }] }),
      );
      const err = await fx.engine.startContainer(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as PortInUseError).message).toContain(`127.77.0.9:${port}`);
      expect((err as PortInUseError).message).toContain(name);
      expect((err as PortInUseError).hint).toBeTruthy();
    } finally {
      server.close();
    }
  });

  it('a container name already taken is an EngineError with a hint', async () => {
    const name = fx.name('twice');
    await fx.engine.createContainer(fx.spec(name));
    const err = await fx.engine.createContainer(fx.spec(name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toContain(name);
    expect((err as EngineError).hint).toMatch(/remove it/i);
  });

  it('missing objects are not errors where the interface says so', async () => {
    const ghost = fx.name('ghost');
    expect(await fx.engine.inspectContainer(ghost)).toBeUndefined();
    expect(await fx.engine.inspectNetwork(ghost)).toBeUndefined();
    expect(await fx.engine.inspectVolume(ghost)).toBeUndefined();
    expect(await fx.engine.inspectImage(`testbed-test/${ghost}:1`)).toBeUndefined();
    await fx.engine.stopContainer(ghost);
    await fx.engine.removeContainer(ghost);
    await fx.engine.removeNetwork(ghost);
    await fx.engine.removeVolume(ghost);
    await fx.engine.removeImage(`testbed-test/${ghost}:1`);
    await expect(fx.engine.startContainer(ghost)).rejects.toBeInstanceOf(EngineError);
  });
});
