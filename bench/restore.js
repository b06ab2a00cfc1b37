// `npm run bench`, restore part: `up --from` a snapshot holding 100 MB, 1 GB and 5 GB of volume
// data (BENCH_RESTORE_SIZES, in MB), by copy (TESTBED_SNAPSHOT_RESTORE=copy) against
// copy-on-write (the default), each a fresh `testbed` process timed until the set is ready. Also
// the disk each new set takes (du of what it owns, read through a container). The first
// copy-on-write restore of a snapshot fills its data volume (once per engine) and is shown
// apart. Figures are printed with their baselines from the same run; no limit is asserted.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

const SIZES = (process.env.BENCH_RESTORE_SIZES ?? '100,1024,5120').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_RESTORE_ROUNDS ?? 3);
const bin = join(import.meta.dirname, '..', 'bin', 'testbed.js');
const docker = new Docker();
const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-restore-'));
const project = `benchrestore${process.pid}`;

writeFileSync(
  join(dir, 'compose.yaml'),
  `name: ${project}
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    volumes: ["data:/data"]
    x-testbed: { ready: started }
volumes:
  data: {}
`,
);

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${(kb / 1024).toFixed(1)} MB`);

function testbed(args, env = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(
      process.execPath,
      [bin, ...args, '-q'],
      { cwd: dir, env: { ...process.env, TESTBED_STATE_DIR: join(dir, 'state'), ...env }, timeout: 3_600_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`testbed ${args.join(' ')} failed: ${stderr || err.message}`));
        resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, stderr });
      },
    );
  });
}

/** KiB used under /v of a volume, read by du in a throwaway busybox container. */
async function du(volume) {
  const c = await docker.createContainer({
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'du -sk /v | cut -f1'],
    Tty: true,
    Labels: { 'dev.testbed.test': 'bench' },
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/v', ReadOnly: true }] },
  });
  try {
    await c.start();
    await c.wait();
    return Number((await c.logs({ stdout: true })).toString().trim());
  } finally {
    await c.remove({ force: true });
  }
}

/** The disk a set made from a snapshot takes of its own: its volume (copy) or its layers (copy-on-write). */
async function setDisk(set) {
  const { Volumes: volumes } = await docker.listVolumes({ filters: { label: [`dev.testbed.project=${project}`, `dev.testbed.set=${set}`] } });
  let kb = 0;
  for (const v of volumes ?? []) {
    // An overlay volume's own folder is its mount point: its content is the layers' and the snapshot's.
    if (v.Options?.type === 'overlay') continue;
    kb += await du(v.Name);
  }
  return kb;
}

async function restore(set, env = {}) {
  const { ms } = await testbed(['up', set, '--from', 'snap'], env);
  const disk = await setDisk(set);
  await testbed(['remove', set]);
  return { ms, disk, load: load() };
}

const results = [];
try {
  await testbed(['up', 'base']);
  for (const size of SIZES) {
    const l0 = load();
    // Files of 64 MB at most, random (nothing on the way can shrink it).
    const files = Array.from({ length: Math.ceil(size / 64) }, (_, i) => `dd if=/dev/urandom of=/data/f${i} bs=1M count=${Math.min(64, size - 64 * i)} 2>/dev/null`);
    await testbed(['exec', 'base', 'app', '--', 'sh', '-c', `rm -rf /data/* && ${files.join(' && ')}`]);
    const snapshot = await testbed(['snapshot', 'base', 'snap']);
    const copy = [];
    const cow = [];
    for (let round = 1; round <= ROUNDS; round++) copy.push(await restore(`copy${round}`, { TESTBED_SNAPSHOT_RESTORE: 'copy' }));
    const first = await restore('cowfirst');
    const { Volumes: data } = await docker.listVolumes({ filters: { label: [`dev.testbed.snapshot.project=${project}`] } });
    const dataKb = await du(data[0].Name);
    for (let round = 1; round <= ROUNDS; round++) cow.push(await restore(`cow${round}`));
    await testbed(['snapshot', 'rm', 'snap']);
    results.push({ size, snapshotMs: snapshot.ms, copy, first, cow, dataKb, load: `${l0} -> ${load()}` });
  }
} finally {
  for (const set of ['base']) await testbed(['remove', set]).catch(() => {});
  await testbed(['snapshot', 'rm', 'snap']).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}

const base = results[0];
const cowMs = (r) => median(r.cow.map((x) => x.ms));
const copyMs = (r) => median(r.copy.map((x) => x.ms));
console.log(`up --from a snapshot by size of its volume data, copy against copy-on-write (median of ${ROUNDS}, each a fresh process, until ready):`);
for (const r of results) {
  console.log(`  ${String(r.size).padStart(5)} MB   load ${r.load}   (snapshot took ${s(r.snapshotMs)})`);
  console.log(`           copy          ${s(copyMs(r)).padStart(9)}  [${r.copy.map((x) => s(x.ms)).join(', ')}]   disk per set ${mb(median(r.copy.map((x) => x.disk)))}`);
  console.log(`           copy-on-write ${s(cowMs(r)).padStart(9)}  [${r.cow.map((x) => s(x.ms)).join(', ')}]   disk per set ${mb(median(r.cow.map((x) => x.disk)))}`);
  console.log(`           first copy-on-write restore (fills the snapshot's data volume, ${mb(r.dataKb)}, once per engine): ${s(r.first.ms)}`);
  console.log(`           copy / copy-on-write: ${(copyMs(r) / cowMs(r)).toFixed(1)}x;  copy-on-write vs ${base.size} MB: ${(cowMs(r) / cowMs(base)).toFixed(2)}x (target <= 2x);  copy vs ${base.size} MB: ${(copyMs(r) / copyMs(base)).toFixed(2)}x`);
}
