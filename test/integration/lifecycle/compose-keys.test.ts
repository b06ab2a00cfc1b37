/**
 * The Compose keys issue 14 added, as the engine applies them: network_mode service:, the
 * container keys (visible in inspect and /proc), container_name, lifecycle hooks with their
 * output in the set folder, and ipam subnets for two sets of one file.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestbedError } from '../../../src/common/errors.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const docker = new Docker();

/** container_name is global on the engine: unique per run, so parallel runs never clash. */
const WEB = `keys-web-${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    container_name: ${WEB}
    stop_grace_period: 1s
    sysctls: { net.core.somaxconn: "1024" }
    ulimits: { nofile: { soft: 1024, hard: 2048 } }
    shm_size: 32m
    tty: yes
    stdin_open: true
    security_opt: [no-new-privileges:true]
    group_add: ["1234"]
    dns_search: [example.test]
    oom_score_adj: 200
    cpu_shares: 256
    mem_reservation: 16m
    logging: { driver: json-file, options: { max-size: 1m } }
    x-testbed: { ready: started }
    post_start:
      - command: ["sh", "-c", "echo hello from post_start; echo started > /tmp/started"]
    pre_stop:
      - command: ["sh", "-c", "echo bye > /out/pre_stop"]
    volumes: ["./out:/out"]
  sidecar:
    image: busybox:latest
    command: ["sleep", "3600"]
    network_mode: service:web
    ipc: service:web
    x-testbed: { ready: started }
  loner:
    image: busybox:latest
    command: ["sleep", "3600"]
    network_mode: none
    x-testbed: { ready: started }
`;

describe.skipIf(skipWithoutEngine)('Compose keys on the engine', () => {
  let p: TempProject;
  const set = 'keys';

  beforeAll(async () => {
    p = await tempProject('ckeys', COMPOSE);
    await p.write('out/.keep', '');
    await (await p.set(set)).up({ timeoutMs: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await p.cleanup();
  });

  it('names the container from container_name with the set appended', async () => {
    const info = await docker.getContainer(`${WEB}-${set}`).inspect();
    expect(info.Name).toBe(`/${WEB}-${set}`);
  });

  it('applies sysctls, ulimits, shm_size, tty and the other container keys', async () => {
    const info = await docker.getContainer(`${WEB}-${set}`).inspect();
    const host = info.HostConfig as unknown as Record<string, unknown>;
    expect(host.Sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(host.Ulimits).toEqual([{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
    expect(host.ShmSize).toBe(32 * 1024 * 1024);
    expect(host.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(host.GroupAdd).toEqual(['1234']);
    expect(host.DnsSearch).toEqual(['example.test']);
    expect(host.OomScoreAdj).toBe(200);
    expect(host.CpuShares).toBe(256);
    expect(host.MemoryReservation).toBe(16 * 1024 * 1024);
    expect(host.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m' } });
    expect(info.Config.Tty).toBe(true);
    expect(info.Config.OpenStdin).toBe(true);
    const tb = await p.set(set);
    const proc = await tb.exec('web', ['sh', '-c', 'cat /proc/sys/net/core/somaxconn; ulimit -n; cat /proc/self/oom_score_adj; id -G']);
    expect(proc.stdout.split(/\r?\n/).slice(0, 3)).toEqual(['1024', '1024', '200']);
    expect(proc.stdout).toMatch(/\b1234\b/);
  });

  it('puts a network_mode service:web container in web\'s network namespace', async () => {
    const tb = await p.set(set);
    const sidecar = await docker.getContainer(`${p.name}-${set}-sidecar-1`).inspect();
    const web = await docker.getContainer(`${WEB}-${set}`).inspect();
    const joined = [`container:${WEB}-${set}`, `container:${web.Id}`];
    expect(joined).toContain(sidecar.HostConfig.NetworkMode);
    expect(joined).toContain(sidecar.HostConfig.IpcMode);
    // web's httpd answers on the sidecar's own 127.0.0.1: they share one network stack.
    const fetched = await tb.exec('sidecar', ['wget', '-q', '-O', '-', 'http://127.0.0.1/hostname']);
    expect(fetched.exitCode).toBe(0);
  });

  it('gives a network_mode none container no network but loopback', async () => {
    const tb = await p.set(set);
    const links = await tb.exec('loner', ['cat', '/proc/net/dev']);
    expect(links.stdout).toContain('lo:');
    expect(links.stdout).not.toContain('eth0');
  });

  it('ran post_start after web started, and kept its output in the set folder', async () => {
    const tb = await p.set(set);
    expect((await tb.exec('web', ['cat', '/tmp/started'])).stdout.trim()).toBe('started');
    const log = await readFile(join(p.stateDir, p.name, set, 'hooks', `${WEB}-${set}`, 'post_start-1.log'), 'utf8');
    expect(log).toContain('hello from post_start');
    expect(log).toContain('exit code: 0');
  });

  it('runs pre_stop before stop, then stops', async () => {
    const tb = await p.set(set);
    await tb.stop({ services: ['web'] });
    expect(await readFile(join(p.dir, 'out', 'pre_stop'), 'utf8')).toBe('bye\n');
    await tb.up({ timeoutMs: 60_000 });
  }, 90_000);
});

/** A temporary project for one test, removed with all it made whatever the test did. */
async function withProject(prefix: string, compose: string, test: (p: TempProject) => Promise<void>): Promise<void> {
  const p = await tempProject(prefix, compose);
  try {
    await test(p);
  } finally {
    await p.cleanup();
  }
}

describe.skipIf(skipWithoutEngine)('ipam subnets of one file in two sets', () => {
  it('gives the second set its own subnet, with the fixed address at the same place in it', async () => {
    // A /24 in a range other tests do not use; if another network holds it, the first set moves too, which is fine.
    await withProject('cipam', `
services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    x-testbed: { ready: started }
    networks:
      front: { ipv4_address: 10.231.7.10 }
networks:
  front:
    ipam:
      config: [{ subnet: 10.231.7.0/24, gateway: 10.231.7.1 }]
`, async (p) => {
      const subnets: string[] = [];
      for (const set of ['one', 'two']) {
        await (await p.set(set)).up({ timeoutMs: 60_000 });
        const network = await docker.getNetwork(`${p.name}-${set}-front`).inspect();
        const config = (network.IPAM?.Config ?? [])[0] as { Subnet: string; Gateway: string };
        const container = await docker.getContainer(`${p.name}-${set}-web-1`).inspect();
        const address = container.NetworkSettings.Networks[`${p.name}-${set}-front`]!.IPAddress;
        const prefix = config.Subnet.replace(/\.0\/24$/, '');
        expect(config.Subnet).toMatch(/^10\.231\.\d+\.0\/24$/);
        expect(config.Gateway).toBe(`${prefix}.1`);
        expect(address).toBe(`${prefix}.10`);
        subnets.push(config.Subnet);
      }
      expect(subnets[0]).not.toBe(subnets[1]);
      // Up again: each set keeps the subnet it has.
      await (await p.set('two')).up({ timeoutMs: 60_000 });
      expect(((await docker.getNetwork(`${p.name}-two-front`).inspect()).IPAM?.Config ?? [])[0]?.Subnet).toBe(subnets[1]);
    });
  }, 180_000);
});

describe.skipIf(skipWithoutEngine)('build options', () => {
  it('builds from dockerfile_inline, with the extra tags and build-time hosts', async () => {
    const repo = `testbed-cbuild-${process.pid}`;
    await withProject('cbuild', `
services:
  app:
    build:
      context: .
      dockerfile_inline: |
        FROM busybox:latest
        RUN grep -q '10.9.9.9.*mirror' /etc/hosts && echo inline > /built
      extra_hosts: ["mirror:10.9.9.9"]
      tags: ["${repo}:extra"]
    command: ["sleep", "3600"]
    x-testbed: { ready: started }
`, async (p) => {
      const tb = await p.set('one');
      await tb.up({ timeoutMs: 120_000 });
      expect((await tb.exec('app', ['cat', '/built'])).stdout.trim()).toBe('inline');
      const extra = docker.getImage(`${repo}:extra`);
      expect((await extra.inspect()).Id).toMatch(/^sha256:/);
      await extra.remove();
    });
  }, 180_000);
});

describe.skipIf(skipWithoutEngine)('privileged', () => {
  // This machine's engine cannot start a privileged container (runc: "unable to apply caps"),
  // so the container is made, not started, and the engine's record of it is checked.
  it('is asked of the engine', async () => {
    await withProject('cpriv', 'services:\n  web:\n    image: busybox:latest\n    privileged: true\n    devices: ["/dev/null:/dev/xnull:r"]\n', async (p) => {
      await (await p.set('one')).create();
      const info = await docker.getContainer(`${p.name}-one-web-1`).inspect();
      expect(info.HostConfig.Privileged).toBe(true);
      expect(info.HostConfig.Devices).toEqual([{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'r' }]);
    });
  }, 60_000);
});

describe.skipIf(skipWithoutEngine)('security_opt seccomp=<file>', () => {
  it('gives the engine the profile in the file, read from the project directory, as Docker\'s CLI does', async () => {
    await withProject('cseccomp', `
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    security_opt: ["seccomp=profiles/no-mkdir.json"]
    x-testbed: { ready: started }
`, async (p) => {
      // Everything allowed but making a folder: the container runs, and mkdir in it is refused.
      await mkdir(join(p.dir, 'profiles'));
      await writeFile(
        join(p.dir, 'profiles', 'no-mkdir.json'),
        JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO' }] }, null, 2),
      );
      const tb = await p.set('one');
      await tb.up({ timeoutMs: 60_000 });
      const refused = await tb.exec('app', ['mkdir', '/tmp/made']);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain('Operation not permitted');
      expect((await tb.exec('app', ['touch', '/tmp/file'])).exitCode).toBe(0);
    });
  }, 120_000);

  it('says which file, where, when the profile is not JSON', async () => {
    await withProject('cseccompbad', 'services:\n  app:\n    image: busybox:latest\n    security_opt: ["seccomp=nope.json"]\n', async (p) => {
      await writeFile(join(p.dir, 'nope.json'), 'not json');
      const res = await p.cli(['up', 'one']);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/compose\.yaml:\d+:\d+: services\.app\.security_opt\[0\]: seccomp profile nope\.json .* is not a JSON seccomp profile/);
    });
  }, 60_000);
});

describe.skipIf(skipWithoutEngine)('lifecycle hooks that fail', () => {
  it('fail up with HOOK_FAILED, name the hook, and leave the container stopped', async () => {
    await withProject('chook', `
services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    x-testbed: { ready: started }
    post_start:
      - command: ["sh", "-c", "echo no config here >&2; exit 3"]
`, async (p) => {
      const err = await (await p.set('one')).up({ timeoutMs: 60_000 }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(TestbedError);
      expect((err as TestbedError).code).toBe('HOOK_FAILED');
      expect((err as TestbedError).message).toMatch(/post_start hook 1 of web .* exited with code 3; the container was stopped/);
      expect((err as TestbedError).hint).toContain('no config here');
      const status = await (await p.set('one')).status();
      expect(status.find((s) => s.service === 'web')?.state).toBe('exited');
      // The CLI maps it to its own exit status.
      const cli = await p.cli(['up', 'two']);
      expect(cli.code).toBe(29);
      expect(cli.stderr).toContain('post_start hook 1 of web');
    });
  }, 120_000);

  it('fail stop with HOOK_FAILED and leave the container running', async () => {
    await withProject('cstop', `
services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    x-testbed: { ready: started }
    pre_stop:
      - command: ["false"]
`, async (p) => {
      const tb = await p.set('one');
      await tb.up({ timeoutMs: 60_000 });
      const err = await tb.stop().then(() => undefined, (e: unknown) => e);
      expect((err as TestbedError).code).toBe('HOOK_FAILED');
      expect((await tb.status()).find((s) => s.service === 'web')?.state).toBe('running');
      await writeFile(p.file, (await readFile(p.file, 'utf8')).replace('["false"]', '["true"]'));
    });
  }, 120_000);
});
