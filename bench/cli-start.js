// `npm run bench`: how fast the CLI answers. `testbed --version` against `node -e 0` (Node's own
// start-up), and `testbed status` / `testbed ls` against `docker-compose ps` (a Python program) on
// an equivalent one-service project that each tool has up. Every command is a fresh process, the
// contenders alternate within each round, and the medians and their ratios are printed: they are
// figures from one run on whatever load the machine has, never asserted as limits.
//
// TESTBED_BIN=path/to/testbed.js times another build (e.g. an older checkout) with the same baselines.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasCompose } from './has-compose.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const bin = resolve(process.env.TESTBED_BIN ?? join(import.meta.dirname, '..', 'bin', 'testbed.js'));
const dir = mkdtempSync(join(tmpdir(), 'testbed-bench-start-'));
const project = `clistart${process.pid}`;
const env = { ...process.env, TESTBED_STATE_DIR: join(dir, 'state'), NO_COLOR: '1' };
// No top-level `name:`: Debian's docker-compose (1.29) predates it; both tools get the name with -p.
writeFileSync(
  join(dir, 'compose.yaml'),
  'services:\n  app:\n    image: busybox:latest\n    command: ["sleep", "3600"]\n    stop_signal: SIGKILL\n    labels:\n      dev.testbed.test: bench\n',
);

/** Runs a command to its end; resolves with its wall time in ms. */
function run(cmd, args) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    execFile(cmd, args, { cwd: dir, env, timeout: 120_000 }, (err, _out, stderr) => {
      if (err) return fail(new Error(`${cmd} ${args.join(' ')} failed: ${stderr || err.message}`));
      done(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

const testbed = (...args) => run(process.execPath, [bin, '-p', project, ...args]);
const compose = hasCompose();
const contenders = {
  'node -e 0': () => run(process.execPath, ['-e', '0']),
  'testbed --version': () => run(process.execPath, [bin, '--version']),
  'testbed status': () => testbed('status', 'app'),
  'testbed ls': () => testbed('ls'),
  ...(compose ? { 'docker-compose ps': () => run('docker-compose', ['-p', `${project}c`, 'ps']) } : {}),
};

const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
try {
  await testbed('up', 'app', '-q');
  if (compose) await run('docker-compose', ['-p', `${project}c`, 'up', '-d']);
  // One unmeasured round: the first start of each reads its files from disk.
  for (const start of Object.values(contenders)) await start();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, start] of Object.entries(contenders)) times[name].push(await start());
  }
} finally {
  await testbed('destroy', 'app', '--volumes', '-q').catch((err) => console.error(err.message));
  if (compose) await run('docker-compose', ['-p', `${project}c`, 'down', '-v']).catch((err) => console.error(err.message));
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a, b) => `${(median(times[a]) / median(times[b])).toFixed(2)}x`;
console.log(`CLI start, median of ${ROUNDS} rounds (each a fresh process; ${bin}):`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`  ${name.padEnd(18)} ${median(xs).toFixed(0).padStart(6)} ms   [${xs.map((x) => x.toFixed(0)).join(', ')}]`);
}
console.log(`ratio testbed --version / node -e 0:     ${ratio('testbed --version', 'node -e 0')}   (target <= 2x)`);
if (compose) {
  console.log(`ratio testbed status / docker-compose ps: ${ratio('testbed status', 'docker-compose ps')}   (target <= 0.5x)`);
  console.log(`ratio testbed ls / docker-compose ps:     ${ratio('testbed ls', 'docker-compose ps')}`);
} else {
  console.log('docker-compose is not installed: apt-get install docker-compose to compare against it');
}
