/**
 * Seed 002's per-branch flow, Docker half, really run: examples/ci/gitlab-ci.yml executed by
 * gitlab-ci-local (a devDependency) on this machine's engine, for two branches of a tiny
 * project in a temporary git repository with a local "origin". Each job runs in the image
 * scripts/ci-job-image.sh builds (no registry here), with the engine's socket, the host's
 * network and a host folder for the sets' state, as examples/ci/README.md asks of a runner.
 * No GitLab and no Kubernetes cluster: the Kubernetes jobs are checked by their render job
 * (manifests and a Helm chart, validated) and by which jobs the rules select.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { httpGet } from '../../support/project.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const GITLAB_CI_LOCAL = join(ROOT, 'node_modules', '.bin', 'gitlab-ci-local');
const MINUTES = 60_000;

interface Run {
  code: number;
  /** stdout and stderr, in that order. */
  out: string;
  stdout: string;
}

function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeoutMs ?? 2 * MINUTES, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr, stdout }),
    );
  });
}

/** The tiny project: a built web page that names its branch, and a seed job that is slow on purpose. */
function compose(project: string): string {
  return `name: ${project}
x-testbed:
  jobs:
    seed:
      service: db
      command: ["sh", "-c", "sleep 3; cat /proc/sys/kernel/random/uuid > /data/seeded"]
      once: true
  tests:
    page:
      description: the branch's own page is served
      http: { service: web, port: 80, path: /, body: "hello from" }
    seeded:
      description: the data is seeded
      service: db
      command: cat /data/seeded
      expect: { stdout: { matches: "^[0-9a-f-]{36}$" } }
services:
  web:
    build: ./web
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    ports: ["8080:80"]
  db:
    image: busybox:latest
    command: ["sleep", "86400"]
    volumes: ["data:/data"]
volumes:
  data: {}
`;
}

describe.skipIf(skipWithoutEngine)('examples/ci/gitlab-ci.yml under gitlab-ci-local', () => {
  const project = uniqueName('cigl');
  let dir: string;
  let work: string;
  let origin: string;
  let state: string;
  let jobImage: string;

  const git = async (...args: string[]) => {
    const res = await run('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...args], { cwd: work });
    if (res.code !== 0) throw new Error(`git ${args.join(' ')}: ${res.out}`);
    return res.out;
  };
  /** One pipeline (or the jobs named) of the checked-out branch, as a runner with the host's engine runs it. */
  const pipeline = (...extra: string[]) =>
    run(
      GITLAB_CI_LOCAL,
      [
        '--container-executable', '/usr/bin/docker',
        '--variable', `TESTBED_CI_IMAGE=${jobImage}`,
        '--helper-image', jobImage,
        '--variable', `TESTBED_STATE_DIR=${state}`,
        '--network', 'host',
        '--volume', '/var/run/docker.sock:/var/run/docker.sock',
        '--volume', `${state}:${state}`,
        '--volume', `${origin}:${origin}:ro`,
        '--no-color',
        ...extra,
      ],
      { cwd: work, timeoutMs: 30 * MINUTES },
    );
  const testbed = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'bin', 'testbed.js'), ...args], { cwd: work, env: { TESTBED_STATE_DIR: state } });
  const setsOfProject = async () =>
    (JSON.parse((await testbed('ls', '--json')).stdout) as { project: string; set: string; state: string }[])
      .filter((s) => s.project === project)
      .map((s) => `${s.set} ${s.state}`)
      .sort();
  const snapshotsOfProject = async () =>
    (JSON.parse((await testbed('snapshot', 'ls', '--json')).stdout) as { name: string }[]).map((s) => s.name).sort();
  const seeded = async (set: string) => (await testbed('exec', set, 'db', '--', 'cat', '/data/seeded')).stdout.trim();
  const webPage = async (set: string) => {
    const status = JSON.parse((await testbed('status', set, '--json')).stdout) as { services: { service: string; ports: { host: string }[] }[] };
    return (await httpGet(`http://${status.services.find((s) => s.service === 'web')!.ports[0]!.host}/`)).body;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testbed-cigl-'));
    work = join(dir, 'work');
    origin = join(dir, 'origin.git');
    state = join(dir, 'state');
    await mkdir(join(work, 'web'), { recursive: true });
    await mkdir(state);

    const image = await run('bash', [join(ROOT, 'scripts', 'ci-job-image.sh')], { timeoutMs: 20 * MINUTES });
    expect(image.code, image.out).toBe(0);
    jobImage = image.stdout.trim();

    expect((await run('git', ['init', '-q', '--bare', origin])).code).toBe(0);
    await git('init', '-q', '-b', 'main');
    await writeFile(join(work, 'compose.yaml'), compose(project));
    await writeFile(join(work, 'web', 'Dockerfile'), 'FROM busybox:latest\nCOPY index.html /www/index.html\n');
    await writeFile(join(work, 'web', 'index.html'), 'hello from main\n');
    await writeFile(join(work, '.gitlab-ci.yml'), await readFile(join(ROOT, 'examples', 'ci', 'gitlab-ci.yml'), 'utf8'));
    await writeFile(join(work, '.gitignore'), '.gitlab-ci-local/\n');
    await git('add', '-A');
    await git('commit', '-qm', 'a tiny project');
    await git('remote', 'add', 'origin', origin);
    await git('push', '-q', 'origin', 'main');
    await git('remote', 'set-head', 'origin', 'main');
    for (const branch of ['feature-a', 'feature-b']) {
      await git('checkout', '-q', '-b', branch, 'main');
      await writeFile(join(work, 'web', 'index.html'), `hello from ${branch}\n`);
      await git('commit', '-qam', `the page of ${branch}`);
      await git('push', '-q', 'origin', branch);
    }
  }, 30 * MINUTES);

  afterAll(async () => {
    if (work) {
      for (const line of await setsOfProject().catch(() => [])) await testbed('remove', line.split(' ')[0]!, '--images');
      for (const name of await snapshotsOfProject().catch(() => [])) await testbed('snapshot', 'rm', name);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 10 * MINUTES);

  it("each branch's pipeline builds, brings up a set named after the branch and passes its tests, with JUnit for GitLab", async () => {
    for (const branch of ['feature-a', 'feature-b']) {
      await git('checkout', '-q', branch);
      const res = await pipeline();
      expect(res.code, res.out.slice(-6000)).toBe(0);
      for (const job of ['docker-build', 'docker-up', 'docker-test', 'k8s-render']) expect(res.out).toMatch(new RegExp(`PASS\\s+${job}\\b`));
      expect(res.out).toContain(`set ${branch}: first pipeline of ${branch}, seeding, then snapshot ci-${branch}`);
      const junit = await readFile(join(work, '.gitlab-ci-local', 'artifacts', 'docker-test', 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuite [^>]*name="[^"]*"[^>]*tests="2"/);
      expect(junit).toMatch(/failures="0"/);
      expect(await webPage(branch)).toBe(`hello from ${branch}\n`);
    }
    expect(await setsOfProject()).toEqual(['feature-a running', 'feature-b running']);
    expect(await snapshotsOfProject()).toEqual(['ci-feature-a', 'ci-feature-b']);
  }, 60 * MINUTES);

  it("the second pipeline of a branch starts a fresh set from the first's snapshot, without seeding again", async () => {
    await git('checkout', '-q', 'feature-a');
    const seededByFirst = await seeded('feature-a');
    expect(seededByFirst).toMatch(/^[0-9a-f-]{36}$/);
    // Left behind in the running set: a fresh copy of the snapshot must not have it.
    expect((await testbed('exec', 'feature-a', 'db', '--', 'touch', '/data/left-over')).code).toBe(0);

    const res = await pipeline();
    expect(res.code, res.out.slice(-6000)).toBe(0);
    expect(res.out).toContain('set feature-a: a fresh copy of snapshot ci-feature-a');
    expect(res.out).not.toContain('job seed running');
    expect(res.out).toMatch(/PASS\s+docker-test\b/);
    expect(await seeded('feature-a')).toBe(seededByFirst);
    expect((await testbed('exec', 'feature-a', 'db', '--', 'ls', '/data')).stdout.trim()).toBe('seeded');
  }, 30 * MINUTES);

  it("renders the branch's Kubernetes namespace and a Helm chart that passes the chart check, with no cluster", async () => {
    const artifacts = join(work, '.gitlab-ci-local', 'artifacts', 'k8s-render');
    const objects = parseAllDocuments(await readFile(join(artifacts, 'manifests.yaml'), 'utf8')).map((d) => d.toJSON() as { kind: string; metadata: { name: string; namespace?: string } });
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.name).toBe(`${project}-feature-a`);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === `${project}-feature-a`)).toBe(true);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining(['Deployment/web', 'StatefulSet/db', 'Service/web']));

    const chartDir = join(artifacts, 'chart');
    const files: Record<string, string> = {};
    const walk = async (at: string): Promise<void> => {
      for (const entry of await readdir(at)) {
        const path = join(at, entry);
        if ((await stat(path)).isDirectory()) await walk(path);
        else files[relative(chartDir, path)] = await readFile(path, 'utf8');
      }
    };
    await walk(chartDir);
    // Helm itself is not installed here (test/unit/k8s/chart.test.ts renders charts with it where it is):
    // the job's chart is a chart of this project, its templates the set's workloads.
    expect(parse(files['Chart.yaml'] ?? '')).toMatchObject({ apiVersion: 'v2', name: expect.any(String) });
    const templates = Object.entries(files).filter(([path]) => path.startsWith('templates/')).map(([, text]) => text).join('\n');
    expect(templates).toMatch(/^kind: Deployment$/m);
    expect(templates).toMatch(/^kind: StatefulSet$/m);
  });

  it('runs the Kubernetes deploy, verify and stop jobs only where a kubeconfig is given, and the cleanups on a schedule', async () => {
    // What the rules select, as name:when (manual jobs wait for a click).
    const jobs = async (...variables: string[]) => {
      const args = variables.flatMap((v) => ['--variable', v]);
      const res = await run(GITLAB_CI_LOCAL, ['--list-json', '--no-color', '--ignore-predefined-vars', 'CI_PIPELINE_SOURCE', ...args], { cwd: work });
      expect(res.code, res.out).toBe(0);
      return (JSON.parse(res.stdout) as { name: string; when: string }[]).filter((j) => j.when !== 'never').map((j) => `${j.name}:${j.when}`).sort();
    };
    expect(await jobs()).toEqual(['docker-build:on_success', 'docker-gc:manual', 'docker-test:on_success', 'docker-up:on_success', 'k8s-render:on_success']);
    expect(await jobs('KUBECONFIG=/dev/null')).toEqual([
      'docker-build:on_success', 'docker-gc:manual', 'docker-test:on_success', 'docker-up:on_success',
      'k8s-deploy:on_success', 'k8s-render:on_success', 'k8s-stop:manual', 'k8s-verify:on_success',
    ]);
    expect(await jobs('KUBECONFIG=/dev/null', 'CI_PIPELINE_SOURCE=schedule')).toEqual(['docker-gc:on_success', 'k8s-gc:on_success']);
  });

  it("after a branch is deleted, the gc job removes that branch's set and snapshot and nothing else", async () => {
    await git('push', '-q', 'origin', '--delete', 'feature-b');
    await git('checkout', '-q', 'main');
    const res = await pipeline('docker-gc', '--variable', 'CI_PIPELINE_SOURCE=schedule', '--ignore-predefined-vars', 'CI_PIPELINE_SOURCE');
    expect(res.code, res.out.slice(-6000)).toBe(0);
    expect(res.out).toContain('set feature-b: its branch is gone');
    expect(res.out).not.toContain('set feature-a: its branch is gone');
    expect(await setsOfProject()).toEqual(['feature-a running']);
    expect(await snapshotsOfProject()).toEqual(['ci-feature-a']);
  }, 20 * MINUTES);
});
