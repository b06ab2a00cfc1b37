/**
 * What a set may be left with, and the next command repairs or refuses cleanly: two networks
 * of one name (made directly through the engine, as two `up` at once once did), and a host
 * port that something else holds when the set starts.
 */
import { createServer, type Server } from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';
import { networkNames } from '../../support/set-objects.js';

const compose = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["8080:80"]
    networks: [back]
  worker:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks: [back]
networks:
  back: {}
`;

const docker = new Docker();

/** A second network with the name and labels of the set's own, made the way a race made one. */
async function duplicateNetwork(p: TempProject, set: string): Promise<{ name: string; id: string }> {
  const [original] = await docker.listNetworks({ filters: { label: [`${LABEL.project}=${p.name}`, `${LABEL.set}=${set}`] } });
  const made = await docker.createNetwork({ Name: original!.Name, CheckDuplicate: false, Labels: original!.Labels });
  return { name: original!.Name, id: made.id };
}

describe.skipIf(skipWithoutEngine)('repairs and refusals', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('repair', compose);
  });
  afterAll(() => p.cleanup());

  it('up repairs a network that exists twice: containers are moved onto one, the other removed, the set works', async () => {
    expect((await p.cli(['up', 'dup'])).code).toBe(0);
    const duplicate = await duplicateNetwork(p, 'dup');
    expect(await networkNames(p, 'dup')).toEqual([duplicate.name, duplicate.name]);
    // One container on each copy: the repair must move one of them, with its name on the network.
    const worker = (await docker.listContainers({ filters: { label: [`${LABEL.project}=${p.name}`, `${LABEL.service}=worker`] } }))[0]!;
    const originalId = Object.values(worker.NetworkSettings.Networks)[0]!.NetworkID;
    await docker.getNetwork(originalId).disconnect({ Container: worker.Id, Force: true });
    await docker.getNetwork(duplicate.id).connect({ Container: worker.Id, EndpointConfig: { Aliases: ['worker'] } });

    const up = await p.cli(['up', 'dup']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(new RegExp(`network ${duplicate.name} existed twice .*; kept \\w{12}, removed \\w{12}`));
    expect(await networkNames(p, 'dup')).toEqual([duplicate.name]);
    const set = await p.set('dup');
    expect((await httpGet(await set.url('web', 80))).body).toBe('ok\n');
    // Both services are on the one network left, and find each other by name.
    const fromWorker = await set.exec('worker', ['wget', '-qO-', 'http://web/']);
    expect(fromWorker.stdout).toBe('ok\n');
    const fromWeb = await set.exec('web', ['ping', '-c', '1', '-W', '2', 'worker']);
    expect(fromWeb.exitCode, fromWeb.stdout + fromWeb.stderr).toBe(0);
  });

  it('remove removes a network that exists twice, both copies, by ID', async () => {
    await duplicateNetwork(p, 'dup');
    const removed = await p.cli(['remove', 'dup']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await networkNames(p, 'dup')).toEqual([]);
  });

  it('a host port taken by another program fails up with exit 7 before anything starts, and up works once it is free', async () => {
    expect((await p.cli(['create', 'port'])).code).toBe(0);
    const [web] = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.project}=${p.name}`, `${LABEL.set}=port`, `${LABEL.service}=web`] },
    });
    const address = web!.Labels[LABEL.address]!;
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(8080, address, resolve));
    try {
      const up = await p.cli(['up', 'port']);
      expect(up.code).toBe(7);
      expect(up.stderr).toContain(`error: cannot start set port: ${address}:8080/tcp (web) is already in use on the host; nothing was started`);
      expect(up.stderr).toContain("hint: Stop what listens there (ss -lntup 'sport = :8080' shows it)");
      const states = (await (await p.set('port')).status()).map((r) => `${r.service}:${r.state}`);
      expect(states).toEqual(['web:created', 'worker:created']);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    const again = await p.cli(['up', 'port']);
    expect(again.code, again.stderr).toBe(0);
    expect((await httpGet(`http://${address}:8080/`)).body).toBe('ok\n');
  });
});
