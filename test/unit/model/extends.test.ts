import { describe, expect, it } from 'vitest';
import { loadErrorFrom, loadFrom, projectOf } from './load.js';

describe('extends', () => {
  it('starts a service from another of the same file, the file\'s own keys merged over it', async () => {
    const project = await projectOf(`
services:
  base:
    image: busybox
    environment: { TZ: utc, PORT: "80" }
    command: sleep 1
    cap_add: [NET_ADMIN]
  cli:
    extends: base
    environment: { PORT: "8080" }
    cap_add: [SYS_TIME]
`);
    const cli = project.services.cli!;
    expect(cli.image).toBe('busybox');
    expect(cli.environment).toEqual({ TZ: 'utc', PORT: '8080' });
    expect(cli.command).toEqual(['sleep', '1']);
    expect(cli.capAdd).toEqual(['NET_ADMIN', 'SYS_TIME']);
  });

  it('follows chains, and a volume of the extending service replaces the one at the same target', async () => {
    const project = await projectOf(`
services:
  base:
    image: busybox
    user: root
    volumes: ["common:/var/lib/backup/data:rw"]
  common:
    extends: { service: base }
  cli:
    extends: { service: common }
    volumes: ["cli:/var/lib/backup/data:ro"]
volumes: { common: {}, cli: {} }
`);
    const cli = project.services.cli!;
    expect(cli.user).toBe('root');
    expect(cli.volumes).toEqual([{ type: 'volume', source: 'cli', target: '/var/lib/backup/data', readOnly: true, noCopy: false }]);
  });

  it('reads a service from another file, its relative paths resolved from that file', async () => {
    const { project, temp } = await loadFrom({
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: shared/base.yaml\n      service: app\n    environment: { ROLE: web }\n',
      'shared/base.yaml': 'services:\n  app:\n    build: ./app\n    env_file: app.env\n    volumes: ["./data:/data"]\n',
      'shared/app.env': 'FROM_FILE=1\n',
      'shared/app/Dockerfile': 'FROM busybox\n',
    });
    const web = project.services.web!;
    expect(web.build?.context).toBe(temp.path('shared/app'));
    expect(web.environment).toEqual({ FROM_FILE: '1', ROLE: 'web' });
    expect(web.volumes[0]).toMatchObject({ type: 'bind', source: temp.path('shared/data'), target: '/data' });
  });

  it('refuses a cycle, naming every service in it, at the extends that closes it', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: { service: a }\n' });
    expect(err.message).toMatch(/compose\.yaml:\d+:\d+: services\.\w\.extends: services extend each other in a cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('names a cycle that crosses files with the file of each service', async () => {
    const err = await loadErrorFrom({
      'compose.yaml': 'services:\n  web:\n    extends: { file: other.yaml, service: app }\n',
      'other.yaml': 'services:\n  app:\n    extends: { file: compose.yaml, service: web }\n',
    });
    expect(err.message).toContain('web (compose.yaml) -> app (other.yaml) -> web (compose.yaml)');
  });

  it('says which service is missing, and which the file has', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    extends: bse\n  base:\n    image: x\n' });
    expect(err.message).toMatch(/compose\.yaml:3:14: extends names service "bse", which is not defined in this file \(it has web, base\)/);
  });

  it('says a missing file cannot be read, where extends names it', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    extends: { file: nowhere.yaml, service: app }\n' });
    expect(err.message).toMatch(/extends\.file: cannot read .*nowhere\.yaml/);
  });

  it('resolves a long chain in linear time without running out of stack', async () => {
    const n = 2000;
    const lines = ['services:', '  s0:', '    image: busybox', '    environment: { A: "0" }'];
    for (let i = 1; i < n; i++) lines.push(`  s${i}:`, `    extends: s${i - 1}`);
    const started = Date.now();
    const project = await projectOf(lines.join('\n'));
    expect(project.services[`s${n - 1}`]!.environment).toEqual({ A: '0' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
