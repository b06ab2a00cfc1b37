/**
 * Failures a user can cause: each has a clear message, its own exit code, and leaves
 * nothing half-made that the next command cannot repair.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../../src/engine/connect.js';
import { LABEL } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const engineObjects = async (p: TempProject) => {
  const engine = await connectEngine();
  const sel = { [LABEL.project]: p.name };
  const [c, n, v] = await Promise.all([engine.listContainers(sel), engine.listNetworks(sel), engine.listVolumes(sel)]);
  return c.length + n.length + v.length;
};

describe.skipIf(skipWithoutEngine)('errors a user can cause', () => {
  const projects: TempProject[] = [];
  const make = async (compose: string) => {
    const p = await tempProject('err', compose);
    projects.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
  });

  it('a wrong value in the file is exit 2 with file:line:col, and nothing is created', async () => {
    const p = await make(`services:\n  web:\n    image: busybox:latest\n    ports:\n      - "80:abc"\n`);
    const res = await p.cli(['up', 'bad']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/compose\.yaml:6:\d+/);
    expect(res.stderr).toContain('80:abc');
    expect(await engineObjects(p)).toBe(0);
  });

  it('no engine is exit 3 with where it looked and what to do', async () => {
    const p = await make(`services:\n  web:\n    image: busybox:latest\n`);
    const res = await p.cli(['up', 'noengine'], { env: { DOCKER_HOST: 'unix:///tmp/testbed-no-such.sock' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('no Docker engine answers at unix:///tmp/testbed-no-such.sock');
    expect(res.stderr).toMatch(/DOCKER_HOST/);
  });

  it('a missing image is exit 6 naming the service, and nothing is created', async () => {
    const p = await make(`services:\n  web:\n    image: testbed-no-such-image:1\n  db:\n    image: busybox:latest\n`);
    const res = await p.cli(['up', 'noimage']);
    expect(res.code).toBe(6);
    expect(res.stderr).toContain('testbed-no-such-image:1');
    expect(res.stderr).toMatch(/Service web \(.*compose\.yaml:\d+:\d+\)/);
    expect(await engineObjects(p)).toBe(0);
  });

  it('a service that never gets ready is exit 4 with its last health output and log tail', async () => {
    const p = await make(`services:
  sick:
    image: busybox:latest
    command: ["sh", "-c", "echo starting sick; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD-SHELL", "echo not yet >&2; exit 1"]
`);
    const res = await p.cli(['up', 'sick', '--timeout', '3s']);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('service sick');
    expect(res.stderr).toContain('not yet');
    expect(res.stderr).toContain('starting sick');
  });

  it('a service that exits during up is exit 24 with its exit code and output', async () => {
    const p = await make(`services:
  crash:
    image: busybox:latest
    command: ["sh", "-c", "echo cannot start >&2; exit 7"]
    healthcheck:
      test: ["CMD", "true"]
`);
    const res = await p.cli(['up', 'crash']);
    expect(res.code).toBe(24);
    expect(res.stderr).toContain('service crash');
    expect(res.stderr).toContain('exited with code 7');
    expect(res.stderr).toContain('cannot start');
  });

  describe('a port already in use on the host', () => {
    let server: Server | undefined;
    let p: TempProject;
    beforeAll(async () => {
      p = await make(`services:\n  web:\n    image: busybox:latest\n    command: ["httpd", "-f", "-p", "80"]\n    ports: ["8080:80"]\n`);
    });
    afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

    it('is exit 7 naming the address, and start works once it is free', async () => {
      const set = await p.set('busy');
      await set.create();
      const address = (await set.status())[0]!.address!;
      server = createServer();
      await new Promise<void>((r) => server!.listen(8080, address, () => r()));
      const res = await p.cli(['start', 'busy']);
      expect(res.code).toBe(7);
      expect(res.stderr).toContain(`${address}:8080`);
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
      expect((await p.cli(['start', 'busy'])).code).toBe(0);
    });
  });
});
