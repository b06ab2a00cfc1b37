/**
 * Per-set configuration on the real engine: templates rendered at create time and copied in
 * with their owner and mode, generated secrets kept per set, and jobs run in order once.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../../src/engine/connect.js';
import { LABEL } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
x-testbed:
  values:
    greeting: hello
  secrets:
    admin_password: { generate: { length: 20, alphabet: hex } }
    admin_hash: { derive: { from: admin_password, hash: sha256 } }
  jobs:
    make-dir:
      service: web
      user: root
      command: ["sh", "-c", "mkdir -p /data/seed && echo made >> /data/seed/log"]
      once: true
    seed:
      service: web
      user: root
      command: ["sh", "-c", "echo seeded-$$GREETING >> /data/seed/log; cut -d' ' -f1 /proc/uptime > /data/seed/at"]
      environment:
        GREETING: "{{ values.greeting }}"
      depends_on: [make-dir]
      once: true
    count:
      run: web
      command: ["sh", "-c", "wc -l < /data/seed/log"]
      when: manual
configs:
  index:
    content: |
      <h1>{{ values.greeting }} from {{ set.name }}</h1>
      peer: {{ services.api.host }} / {{ services.api.lan }}
    x-testbed: { template: true }
  plain:
    content: "not a template {{ left as is }}"
services:
  web:
    image: busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    configs:
      - source: index
        target: /www/index.html
        uid: "1000"
        gid: "1000"
        mode: 0440
      - source: plain
        target: /etc/plain.txt
    secrets: [admin_password]
    volumes: [data:/data]
    x-testbed:
      secret_environment: { ADMIN_HASH: admin_hash }
  api:
    image: busybox:latest
    command: ["sh", "-c", "cut -d' ' -f1 /proc/uptime > /tmp/started; exec sleep 3600"]
    volumes: [data:/data]
    secrets: [ { source: admin_password, mode: 0400 } ]
    x-testbed:
      after_jobs: [seed]
volumes:
  data:
`;

describe.skipIf(skipWithoutEngine)('templates, secrets and jobs of a set', () => {
  let p: TempProject;
  let upOutput: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    p = await tempProject('tsj', COMPOSE);
    upOutput = await p.cli(['up', 'one']);
  });
  afterAll(() => p.cleanup());

  const sh = async (set: string, service: string, script: string) => {
    const s = await p.set(set);
    return s.exec(service, ['sh', '-c', script]);
  };

  it('renders templates per set and copies them in with the owner and mode asked for', async () => {
    expect(upOutput.code, upOutput.stderr).toBe(0);
    const stored = JSON.parse(await readFile(join(p.stateDir, p.name, 'one', 'secrets.json'), 'utf8'));
    expect(upOutput.stdout + upOutput.stderr).not.toContain(stored.admin_password.value);
    const index = await sh('one', 'web', 'cat /www/index.html; stat -c "%u:%g %a" /www/index.html; cat /etc/plain.txt');
    expect(index.stdout).toContain('<h1>hello from one</h1>');
    expect(index.stdout).toContain('peer: api / api.one.lan');
    expect(index.stdout).toContain('1000:1000 440');
    expect(index.stdout).toContain('not a template {{ left as is }}');
  });

  it('mounts generated secrets under /run/secrets (0444, as Compose does, unless a mode is given) and as environment, stored 0600 in the set folder', async () => {
    const secrets = JSON.parse(await readFile(join(p.stateDir, p.name, 'one', 'secrets.json'), 'utf8'));
    const password = secrets.admin_password.value as string;
    expect(password).toMatch(/^[0-9a-f]{20}$/);
    expect((await stat(join(p.stateDir, p.name, 'one', 'secrets.json'))).mode & 0o777).toBe(0o600);
    const inside = await sh('one', 'web', 'cat /run/secrets/admin_password; echo; echo $ADMIN_HASH');
    const [file, hash] = inside.stdout.trim().split('\n');
    expect(file).toBe(password);
    const { createHash } = await import('node:crypto');
    expect(hash).toBe(createHash('sha256').update(password).digest('hex'));
    expect((await sh('one', 'web', 'stat -c "%u:%g %a" /run/secrets/admin_password')).stdout.trim()).toBe('0:0 444');
    expect((await sh('one', 'api', 'stat -c "%a" /run/secrets/admin_password')).stdout.trim()).toBe('400');
  });

  it('never prints secrets in config, status or secrets output unless revealed', async () => {
    const secrets = JSON.parse(await readFile(join(p.stateDir, p.name, 'one', 'secrets.json'), 'utf8'));
    const password = secrets.admin_password.value as string;
    for (const args of [['config'], ['status', 'one', '--json'], ['secrets', 'one'], ['render', 'one']]) {
      const res = await p.cli(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
      expect(res.stdout + res.stderr).not.toContain(password);
    }
    const revealed = await p.cli(['secrets', 'one', '--reveal']);
    expect(revealed.stdout).toContain(password);
  });

  it('runs after-start jobs in order, before the services that wait for them, and keeps their output', async () => {
    const log = await sh('one', 'web', 'cat /data/seed/log');
    expect(log.stdout.trim().split('\n')).toEqual(['made', 'seeded-hello']);
    const order = await sh('one', 'api', 'echo $(cat /data/seed/at) $(cat /tmp/started)');
    // /proc/uptime is the host kernel's clock, the same in every container.
    const [seededAt, apiStarted] = order.stdout.trim().split(' ').map(Number);
    expect(apiStarted).toBeGreaterThanOrEqual(seededAt!);
    const runs = join(p.stateDir, p.name, 'one', 'jobs', 'seed');
    const { readdir } = await import('node:fs/promises');
    const [run] = (await readdir(runs)).filter((d) => d !== 'done');
    expect(JSON.parse(await readFile(join(runs, run!, 'result.json'), 'utf8'))).toMatchObject({ job: 'seed', exitCode: 0 });
  });

  it('does not repeat once jobs on a later up; run --force repeats one; a manual job runs in a new container', async () => {
    expect((await p.cli(['up', 'one'])).code).toBe(0);
    expect((await sh('one', 'web', 'cat /data/seed/log')).stdout.trim().split('\n')).toHaveLength(2);
    const forced = await p.cli(['run', 'one', 'seed', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const counted = await p.cli(['run', 'one', 'count']);
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.stdout.trim()).toBe('3');
    const engine = await connectEngine();
    const leftovers = await engine.listContainers({ [LABEL.project]: p.name, [LABEL.run]: 'job/count' });
    expect(leftovers).toEqual([]);
  });

  it('recreates only the services whose rendered config changed, and keeps the value for the set', async () => {
    const before = await (await p.set('one')).status();
    const res = await p.cli(['up', 'one', '--set-value', 'greeting=bonjour']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/web-1 recreated/);
    expect(res.stderr).not.toMatch(/api-1 recreated/);
    const after = await (await p.set('one')).status();
    expect(after.find((s) => s.service === 'api')!.container).toBe(before.find((s) => s.service === 'api')!.container);
    expect((await sh('one', 'web', 'cat /www/index.html')).stdout).toContain('bonjour from one');
    // The override is kept: a plain up changes nothing.
    const again = await p.cli(['up', 'one', '-v']);
    expect(again.stderr).toMatch(/web-1 unchanged/);
  });

  it('gives a second set its own secrets and rendering', async () => {
    const res = await p.cli(['up', 'two']);
    expect(res.code, res.stderr).toBe(0);
    const one = JSON.parse(await readFile(join(p.stateDir, p.name, 'one', 'secrets.json'), 'utf8'));
    const two = JSON.parse(await readFile(join(p.stateDir, p.name, 'two', 'secrets.json'), 'utf8'));
    expect(two.admin_password.value).not.toBe(one.admin_password.value);
    expect((await sh('two', 'web', 'cat /www/index.html')).stdout).toContain('hello from two');
  });

  it('keeps secrets across destroy and up, and drops them with remove', async () => {
    const file = join(p.stateDir, p.name, 'two', 'secrets.json');
    const first = await readFile(file, 'utf8');
    expect((await p.cli(['destroy', 'two'])).code).toBe(0);
    expect((await p.cli(['up', 'two'])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(first);
    expect((await p.cli(['remove', 'two'])).code).toBe(0);
    await expect(stat(file)).rejects.toThrow();
  });
});

describe.skipIf(skipWithoutEngine)('a service configured with another service\'s name and a generated password', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('connect', `
x-testbed:
  secrets:
    pw: { generate: { length: 20 } }
configs:
  httpd-auth:
    content: "/:admin:{{ secrets.pw }}\\n"
    x-testbed: { template: true }
  client:
    content: "URL=http://admin:{{ secrets.pw }}@{{ services.api.host }}/index.html\\n"
    x-testbed: { template: true }
services:
  api:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo secret-page > /www/index.html && exec httpd -f -p 80 -h /www -c /etc/httpd.conf"]
    configs: [{ source: httpd-auth, target: /etc/httpd.conf }]
  client:
    image: busybox:latest
    command: ["sleep", "3600"]
    configs: [{ source: client, target: /etc/client.conf }]
    depends_on: [api]
`);
  });
  afterAll(() => p.cleanup());

  it('really connects with it, and a wrong password is refused', async () => {
    const up = await p.cli(['up', 'conn']);
    expect(up.code, up.stderr).toBe(0);
    const set = await p.set('conn');
    const ok = await set.exec('client', ['sh', '-c', '. /etc/client.conf && wget -qO- "$URL"']);
    expect(ok.stdout.trim()).toBe('secret-page');
    const wrong = await set.exec('client', ['sh', '-c', 'wget -qO- http://admin:wrong@api/index.html']);
    expect(wrong.exitCode).not.toBe(0);
    const pw = JSON.parse(await readFile(join(p.stateDir, p.name, 'conn', 'secrets.json'), 'utf8')).pw.value;
    expect(up.stdout + up.stderr).not.toContain(pw);
  });
});

describe.skipIf(skipWithoutEngine)('configuration errors a user can make', () => {
  const projects: TempProject[] = [];
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
  });

  it('an unknown template variable is exit 2 with the template file:line:col, and nothing is created', async () => {
    const p = await tempProject('tpl-err', `
configs:
  app:
    file: ./app.conf.liquid
services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    configs: [{ source: app, target: /etc/app.conf }]
`);
    projects.push(p);
    await p.write('app.conf.liquid', 'name = {{ set.name }}\nport = {{ values.port }}\n');
    const res = await p.cli(['up', 'bad']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('app.conf.liquid:2:11');
    expect(res.stderr).toContain('values.port');
    expect(res.stderr).toContain('--set-value');
    const engine = await connectEngine();
    expect(await engine.listContainers({ [LABEL.project]: p.name })).toEqual([]);
    const fixed = await p.cli(['up', 'bad', '--set-value', 'port=8080']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((await (await p.set('bad')).exec('web', ['cat', '/etc/app.conf'])).stdout).toBe('name = bad\nport = 8080\n');
  });

  it('a failing job fails up with its exit code, last output and the command to re-run it; the secret in its output is masked', async () => {
    const p = await tempProject('job-err', `
x-testbed:
  secrets:
    token: { generate: { length: 24 } }
  jobs:
    migrate:
      service: web
      command: ["sh", "-c", "echo using $$TOKEN; echo migration 7 failed >&2; exit 3"]
      environment: { TOKEN: "{{ secrets.token }}" }
services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
`);
    projects.push(p);
    const res = await p.cli(['up', 'broken']);
    expect(res.code).toBe(11);
    expect(res.stderr).toContain('job migrate of set broken exited with code 3');
    expect(res.stderr).toContain('migration 7 failed');
    expect(res.stderr).toContain('using ********');
    expect(res.stderr).toContain('testbed run broken migrate');
    const token = JSON.parse(await readFile(join(p.stateDir, p.name, 'broken', 'secrets.json'), 'utf8')).token.value;
    expect(res.stderr).not.toContain(token);
    // The set is left for inspection.
    const status = await (await p.set('broken')).status();
    expect(status[0]!.state).toBe('running');
  });

  it('a job that names an unknown service, or a loop between jobs and services, is exit 2 with a position', async () => {
    const p = await tempProject('job-cfg', `
x-testbed:
  jobs:
    seed:
      service: nope
      command: ["true"]
    a: { image: busybox:latest, command: ["true"], depends_on: [web] }
services:
  web:
    image: busybox:latest
    x-testbed: { after_jobs: [a] }
`);
    projects.push(p);
    const res = await p.cli(['config', '-q']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/compose\.yaml:\d+:\d+: x-testbed\.jobs\.seed\.service: service nope is not defined/);
    expect(res.stderr).toMatch(/loop: job:a -> web -> job:a|loop: web -> job:a -> web/);
  });
});
