// `npm run bench`, sets part: N sets of a one-service busybox file brought up at once on one engine
// (N = 10, 50, 100: N `testbed up` processes started together), then 30 sets of a three-network
// file. Counts the sets that came up, and measures wall time, each process's peak RSS and the
// engine's memory for the sets' containers; each N is printed against N=10 of the same run.
// Every set is removed after its round (by the project's labels). No limit is asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import pLimit from 'p-limit';

const COUNTS = (process.env.BENCH_SET_COUNTS ?? '10,50,100').split(',').map(Number);
const MULTI = Number(process.env.BENCH_MULTI_SETS ?? 30);
const PROCESS_TIMEOUT_MS = 900_000;
const bin = join(import.meta.dirname, '..', 'bin', 'testbed.js');
const docker = new Docker();

const ONE_SERVICE = `services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`;
// Three tiers, three networks: the front one reaches web, the back one web and api, the data one api and db.
const THREE_NETWORKS = `services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks: [front, back]
  api:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks: [back, data]
  db:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks: [data]
networks:
  front: {}
  back: {}
  data: {}
`;

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Peak resident memory of a running process so far (VmHWM), from /proc; 0 once it is gone. */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function up(dir, project, set) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, '-p', project, 'up', set, '-q'], {
      cwd: dir,
      env: { ...process.env, TESTBED_STATE_DIR: join(dir, 'state'), NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 200);
    const guard = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve({ code: code ?? -1, ms: Number(process.hrtime.bigint() - start) / 1e6, rss: peak, stderr: stderr.trim() });
    });
  });
}

/** Memory the engine charges to the project's containers (cgroup usage less page cache). */
async function containerMemory(project) {
  const list = await docker.listContainers({ filters: { label: [`dev.testbed.project=${project}`] } });
  const limit = pLimit(8);
  const usages = await Promise.all(
    list.map((c) =>
      limit(async () => {
        const s = await docker.getContainer(c.Id).stats({ stream: false, 'one-shot': true });
        const m = s.memory_stats ?? {};
        return Math.max(0, (m.usage ?? 0) - (m.stats?.cache ?? m.stats?.inactive_file ?? 0));
      }),
    ),
  );
  return usages.reduce((a, b) => a + b, 0);
}

async function cleanup(project) {
  const filters = { label: [`dev.testbed.project=${project}`] };
  const limit = pLimit(8);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => limit(() => docker.getContainer(c.Id).remove({ force: true }).catch(() => {}))));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => limit(() => docker.getNetwork(n.Id).remove().catch(() => {}))));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((v) => limit(() => docker.getVolume(v.Name).remove().catch(() => {}))));
}

async function round(label, compose, n) {
  const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-sets-'));
  const project = `benchsets${process.pid}${label}`;
  writeFileSync(join(dir, 'compose.yaml'), compose);
  const loadBefore = load();
  try {
    const start = process.hrtime.bigint();
    const results = await Promise.all(Array.from({ length: n }, (_, i) => up(dir, project, `s${i + 1}`)));
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const memory = await containerMemory(project);
    const ok = results.filter((r) => r.code === 0);
    const codes = {};
    for (const r of results) codes[r.code] = (codes[r.code] ?? 0) + 1;
    const failure = results.find((r) => r.code !== 0)?.stderr.split('\n')[0];
    return {
      label,
      n,
      ok: ok.length,
      codes,
      failure,
      wallMs,
      perSetMs: wallMs / n,
      medianMs: median(results.map((r) => r.ms)),
      rssMedian: median(results.map((r) => r.rss).filter((x) => x > 0)),
      rssMax: Math.max(...results.map((r) => r.rss)),
      memoryPerSet: ok.length ? memory / ok.length : NaN,
      load: `${loadBefore} -> ${load()}`,
    };
  } finally {
    await cleanup(project);
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r, base) {
  const ratio = (x, b) => (base && base !== r ? ` (${(x / b).toFixed(2)}x N=${base.n})` : '');
  console.log(`  N=${String(r.n).padEnd(4)} up: ${r.ok}/${r.n}   exit codes ${JSON.stringify(r.codes)}   load ${r.load}`);
  console.log(`         wall ${(r.wallMs / 1000).toFixed(1)} s, per set ${(r.perSetMs / 1000).toFixed(2)} s${ratio(r.perSetMs, base?.perSetMs)}, median process ${(r.medianMs / 1000).toFixed(1)} s${ratio(r.medianMs, base?.medianMs)}`);
  console.log(`         testbed process peak RSS median ${mb(r.rssMedian)}${ratio(r.rssMedian, base?.rssMedian)}, max ${mb(r.rssMax)}; engine memory of the containers per set ${mb(r.memoryPerSet)}${ratio(r.memoryPerSet, base?.memoryPerSet)}`);
  if (r.failure) console.log(`         first failure: ${r.failure}`);
}

console.log(`sets brought up at once on one engine (each set: one testbed up process), engine pools not used (TESTBED_ADDRESS_POOL=${process.env.TESTBED_ADDRESS_POOL || 'default'}):`);
let base;
for (const n of COUNTS) {
  const r = await round(`one${n}`, ONE_SERVICE, n);
  base ??= r;
  print(r, base);
}
console.log(`${MULTI} sets of a three-network file (3 services, 3 networks each) at once:`);
print(await round('three', THREE_NETWORKS, MULTI));
