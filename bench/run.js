// `npm run bench`: `testbed up` of N trivial services against (a) the same containers made with raw
// parallel Engine API calls and (b) docker-compose on the same file, when it is installed.
// Each is a fresh process (all pay Node's or Python's start-up), timed until every container runs,
// alternated over several rounds; the medians and their ratios are printed. No limits are asserted.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { hasCompose } from './has-compose.js';

const N = Number(process.env.BENCH_SERVICES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = import.meta.dirname;
const docker = new Docker();
const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-'));
const project = `bench${process.pid}`;
const services = Array.from({ length: N }, (_, i) => `  s${i + 1}:\n    image: busybox:latest\n    command: ["sleep", "3600"]\n    stop_signal: SIGKILL\n`).join('');
// No top-level `name:`: Debian's docker-compose (1.29) predates it; both tools get the name with -p.
writeFileSync(join(dir, 'compose.yaml'), `services:\n${services}`);

function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(cmd, args, { cwd: dir, env: { ...process.env, ...env }, timeout: 300_000 }, (err, _out, stderr) => {
      if (err) return reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr || err.message}`));
      resolve(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

async function cleanup() {
  const filters = { label: ['dev.testbed.test=bench'] };
  const byProject = { label: [`dev.testbed.project=${project}`] };
  const composeLabel = { label: [`com.docker.compose.project=${project}c`] };
  for (const f of [filters, byProject, composeLabel]) {
    const list = await docker.listContainers({ all: true, filters: f });
    await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    const nets = await docker.listNetworks({ filters: f });
    await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const contenders = {
  raw: (round) => run(process.execPath, [join(here, 'raw-up.js'), `${project}r${round}`, String(N)]),
  testbed: (round) =>
    run(process.execPath, [join(here, '..', 'bin', 'testbed.js'), '-p', project, 'up', `r${round}`, '-q'], { TESTBED_STATE_DIR: join(dir, 'state') }),
};
if (hasCompose()) contenders['docker-compose'] = () => run('docker-compose', ['-p', `${project}c`, 'up', '-d', '--quiet-pull'], { COMPOSE_HTTP_TIMEOUT: '300' });

const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
try {
  await cleanup();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, up] of Object.entries(contenders)) {
      times[name].push(await up(round));
      await cleanup();
    }
  }
} finally {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
}

const base = median(times.raw);
console.log(`up of ${N} trivial services, median of ${ROUNDS} rounds (each a fresh process, until all run):`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`  ${name.padEnd(15)} ${median(xs).toFixed(0).padStart(6)} ms   [${xs.map((x) => x.toFixed(0)).join(', ')}]`);
}
console.log(`ratio testbed / raw API:        ${(median(times.testbed) / base).toFixed(2)}x   (target <= 1.15x)`);
if (times['docker-compose']) {
  console.log(`ratio testbed / docker-compose: ${(median(times.testbed) / median(times['docker-compose'])).toFixed(2)}x   (target <= 0.5x)`);
} else {
  console.log('docker-compose is not installed: apt-get install docker-compose to compare against it');
}
