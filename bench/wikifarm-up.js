// `npm run bench`, wikifarm part: a new set of examples/wikifarm (both profiles) from cached
// images, with `testbed up --timings --json` in a fresh process, and where its time went; against
// a floor from the same run: the same six images started with raw, parallel Engine API calls
// (dockerode: one network, empty volumes, every container at once, no configuration files, no
// jobs) until each passes its healthcheck, polled every 100 ms. The services' part of `up` is
// compared with that floor; the jobs (the farm's own seeding) have no baseline and are shown as
// they are. Figures depend on the machine's load, which is printed with them. No limit is asserted.
//
//   node bench/wikifarm-up.js      (after npm run build; the first run builds the images: minutes)
import { execFile } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { loadProject } from '../dist/index.js';

const here = import.meta.dirname;
const bin = join(here, '..', 'bin', 'testbed.js');
const file = join(here, '..', 'examples', 'wikifarm', 'compose.yaml');
const profiles = ['replica', 'dumpsweb'];
const stateDir = mkdtempSync(join(tmpdir(), 'testbed-bench-wikifarm-'));
const set = `bench${process.pid}`;
const prefix = `benchwf${process.pid}`;
const docker = new Docker();
const labels = { 'dev.testbed.test': 'bench', 'dev.testbed.bench': prefix };

function testbed(args) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, '-f', file, ...profiles.flatMap((p) => ['--profile', p]), ...args],
      { env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1' }, timeout: 30 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`testbed ${args.join(' ')} failed: ${stderr.slice(-3000) || err.message}`));
        resolve({ stdout, ms: Number(process.hrtime.bigint() - start) / 1e6 });
      },
    );
  });
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const s = (ms) => (ms / 1000).toFixed(1).padStart(6);

/** The floor: the same images, created and started at once with raw API calls, until every healthcheck passes. */
async function rawStart(project, images) {
  const start = process.hrtime.bigint();
  const net = `${prefix}-net`;
  const network = await docker.createNetwork({ Name: net, Labels: labels });
  const volumes = Object.keys(project.volumes).map((v) => `${prefix}-${v}`);
  await Promise.all(volumes.map((Name) => docker.createVolume({ Name, Labels: labels })));
  const containers = await Promise.all(
    Object.values(project.services).map(async (svc) => {
      const c = await docker.createContainer({
        name: `${prefix}-${svc.name}`,
        Image: images[svc.name],
        ...(svc.command ? { Cmd: svc.command } : {}),
        Labels: labels,
        HostConfig: {
          NetworkMode: network.id,
          Mounts: svc.volumes
            .filter((m) => m.type === 'volume' && m.source)
            .map((m) => ({ Type: 'volume', Source: `${prefix}-${m.source}`, Target: m.target, ReadOnly: m.readOnly })),
        },
        NetworkingConfig: { EndpointsConfig: { [net]: { Aliases: [svc.name] } } },
      });
      return { svc, c };
    }),
  );
  await Promise.all(containers.map(({ c }) => c.start()));
  await Promise.all(containers.map(({ svc, c }) => healthy(svc, c)));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function healthy(svc, container) {
  const [kind, ...rest] = svc.healthcheck.test;
  const cmd = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : rest;
  for (let i = 0; i < 1200; i++) {
    const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    await new Promise((resolve) => {
      stream.on('end', resolve);
      stream.on('error', resolve);
      stream.resume();
    });
    if ((await exec.inspect()).ExitCode === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${svc.name}: its healthcheck did not pass in 2 minutes`);
}

async function cleanupRaw() {
  const filters = { label: [`dev.testbed.bench=${prefix}`] };
  const list = await docker.listContainers({ all: true, filters });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  const vols = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(vols.map((v) => docker.getVolume(v.Name).remove().catch(() => {})));
  const nets = await docker.listNetworks({ filters });
  await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
}

try {
  const project = await loadProject({ files: [file], profiles });
  await testbed(['build', '-q']);
  const before = load();
  const up = await testbed(['up', set, '--timings', '--json', '--timeout', '10m']);
  const after = load();
  const result = JSON.parse(up.stdout);
  const images = Object.fromEntries(result.services.map((r) => [r.service, r.image]));
  await testbed(['remove', set]);

  const rawBefore = load();
  const raw = await rawStart(project, images).finally(cleanupRaw);
  const rawAfter = load();

  const rows = result.timings;
  const end = (r) => r.atMs + r.tookMs;
  const servicesReady = Math.max(...rows.filter((r) => r.step.startsWith('ready ')).map(end));
  const firstStart = Math.min(...rows.filter((r) => r.step.startsWith('start ') && r.step !== 'start, readiness and jobs').map((r) => r.atMs));
  const jobs = rows.filter((r) => r.step.startsWith('job '));
  const total = rows.find((r) => r.step === 'total').tookMs;

  console.log(`\nwikifarm: a new set from cached images (${cpus().length} cores)`);
  console.log(`  testbed up --timings: ${s(up.ms)} s in all (process), ${s(total)} s from loading the files to ready; load average ${before} -> ${after}`);
  console.log('      at    took  step');
  for (const r of rows) console.log(`  ${s(r.atMs)}  ${s(r.tookMs)}  ${r.step}${r.outcome ? ` (${r.outcome})` : ''}`);
  console.log(`  services: first start to last ready ${s(servicesReady - firstStart)} s; jobs: ${jobs.map((j) => `${j.step.slice(4)} ${(j.tookMs / 1000).toFixed(1)}`).join(', ')} s`);
  console.log(`  baseline, the same images started at once with raw API calls until healthy: ${s(raw)} s; load average ${rawBefore} -> ${rawAfter}`);
  console.log(`  ratio testbed's services (create to last ready) / raw start: ${((servicesReady - rows.find((r) => r.step === 'create containers').atMs) / raw).toFixed(2)}x`);
  console.log(`  ratio testbed up (whole, with jobs) / raw start: ${(up.ms / raw).toFixed(2)}x   (target: up within 60 s on a quiet machine)`);
} finally {
  await testbed(['remove', set]).catch(() => {});
  await cleanupRaw().catch(() => {});
  rmSync(stateDir, { recursive: true, force: true });
}
