import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../src/common/errors.js';
import { loadError, loadFiles } from './load-files.js';

/** The one issue a file with one mistake produces. */
async function issueOf(text: string): Promise<ConfigIssue> {
  const err = await loadError({ 'compose.yaml': text });
  expect(err.code).toBe('CONFIG_INVALID');
  expect(err.issues).toHaveLength(1);
  return err.issues[0]!;
}

const web = (lines: string) => `services:\n  web:\n    image: nginx\n${lines}`;

describe('a wrong type or value', () => {
  it('says where, what was written and what is expected', async () => {
    expect(await issueOf(web('    restart: sometimes\n'))).toEqual({
      message:
        'services.web.restart: "sometimes" is not a restart policy; expected "no", "always", "unless-stopped", "on-failure" or "on-failure:N"',
      position: { file: 'compose.yaml', line: 4, col: 14 },
      path: 'services.web.restart',
    });
  });

  it.each([
    ['a string where a list belongs', '    ports: "8080:80"\n', 4, 12, 'services.web.ports: "8080:80" is a string; expected a list'],
    ['a list where a string belongs', '    user: [1]\n', 4, 11, 'services.web.user: [1] is not a user; expected a name or uid[:gid]'],
    ['a number where a mapping or list belongs', '    environment: 3\n', 4, 18, 'services.web.environment: 3 is a number; expected a mapping of KEY: value or a list of "KEY=value" strings'],
    ['a port out of range', '    ports: ["99999:80"]\n', 4, 13, 'services.web.ports[0]: "99999:80" is not a port mapping (port 99999 is out of range 1-65535); expected "[HOST_IP:]HOST:CONTAINER[/PROTOCOL]"'],
    ['a port that is not one', '    ports: [abc]\n', 4, 13, 'services.web.ports[0]: "abc" is not a port mapping; expected "[HOST_IP:]HOST:CONTAINER[/PROTOCOL]"'],
    ['an unknown protocol in a long port', '    ports:\n      - target: 80\n        protocol: sctp\n', 6, 19, 'services.web.ports[0].protocol: "sctp" is not a protocol; expected tcp or udp'],
    ['a relative container path', '    volumes: ["data:relative"]\n', 4, 15, 'services.web.volumes[0]: "data:relative" is not a volume mount (the container path "relative" is not absolute)'],
    ['a mount type Testbed does not support', '    volumes:\n      - type: npipe\n        target: /x\n', 5, 15, 'services.web.volumes[0].type: "npipe" is not a mount type Testbed supports; expected volume, bind or tmpfs'],
    ['a bind mount without a source', '    volumes:\n      - type: bind\n        target: /x\n', 5, 9, 'services.web.volumes[0].source is missing; a bind mount needs a host path'],
    ['a duration without a unit', '    stop_grace_period: "10"\n', 4, 24, 'services.web.stop_grace_period: "10" is not a duration (the unit is missing); expected a duration like "30s"'],
    ['a number for a duration', '    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10\n', 6, 17, 'services.web.healthcheck.interval: 10 is a number; expected a duration like "30s"'],
    ['a healthcheck test of the wrong form', '    healthcheck:\n      test: ["RUN", "x"]\n', 5, 13, 'services.web.healthcheck.test: ["RUN","x"] is not a healthcheck test; expected ["CMD", "program", "arg"...]'],
    ['an unknown dependency condition', '    depends_on:\n      db: { condition: service_ready }\n', 5, 24, 'services.web.depends_on.db.condition: "service_ready" is not a condition; expected service_started, service_healthy or service_completed_successfully'],
    ['a word for a number', '    scale: many\n', 4, 12, 'services.web.scale: "many" is not a whole number; expected a number like 3'],
    ['a negative number', '    scale: -1\n', 4, 12, 'services.web.scale: -1 is not a whole number; expected a number like 3'],
    ['a word for a boolean', '    read_only: maybe\n', 4, 16, 'services.web.read_only: "maybe" is not a boolean; expected true or false'],
    ['a size that is not one', '    mem_limit: lots\n', 4, 16, 'services.web.mem_limit: "lots" is not a size; expected a size like "512m"'],
    ['a CPU count that is not one', '    deploy:\n      resources:\n        limits:\n          cpus: lots\n', 7, 17, 'services.web.deploy.resources.limits.cpus: "lots" is not a CPU count; expected a number like 0.5'],
    ['a host entry without an address', '    extra_hosts: [nohost]\n', 4, 19, 'services.web.extra_hosts[0]: "nohost" is not a host entry; expected "hostname:ip" or "hostname=ip"'],
    ['a file mode that is not octal', '    configs:\n      - source: c\n        mode: "0999"\n', 6, 15, 'services.web.configs[0].mode: "0999" is not a file mode; expected an octal mode like 0440'],
  ])('%s', async (_what, lines, line, col, message) => {
    const issue = await issueOf(web(lines) + 'configs:\n  c: { content: x }\n');
    expect(issue.message.startsWith(message)).toBe(true);
    expect(issue.position).toEqual({ file: 'compose.yaml', line, col });
  });

  it('says so when services is a list', async () => {
    expect(await issueOf('services:\n  - web\n')).toMatchObject({
      message: 'services: ["web"] is a list; expected a mapping',
      position: { line: 2, col: 3 },
    });
  });

  it('points at a service name that is not valid', async () => {
    expect(await issueOf('services:\n  "web app":\n    image: nginx\n')).toMatchObject({
      message: 'services["web app"]: "web app" is not a valid name; expected letters, digits, ".", "_" or "-"',
      position: { line: 2, col: 3 },
    });
  });

  it('rejects a config with no content', async () => {
    expect(await issueOf('configs:\n  c: {}\n')).toMatchObject({
      message: 'configs.c: {} has no content; expected one of file, content, environment or external',
      position: { line: 2, col: 6 },
    });
  });

  it('lists every problem of a file, top to bottom', async () => {
    const err = await loadError({ 'compose.yaml': web('    restart: sometimes\n    ports: ["0:80"]\n    init: perhaps\n') });
    expect(err.issues.map((i) => i.position?.line)).toEqual([4, 5, 6]);
    expect(err.message).toContain('compose.yaml:4:14: services.web.restart');
    expect(err.hint).toBeDefined();
  });

  it('accepts numbers and booleans written as strings, as interpolation produces them', async () => {
    const { compose } = await loadFiles(
      { 'compose.yaml': web('    scale: "${N}"\n    read_only: "${RO}"\n    ports: ["${PORT}:80"]\n') },
      { N: '2', RO: 'true', PORT: '8080' },
    );
    expect(compose.services!.web).toMatchObject({ scale: '2', read_only: 'true', ports: ['8080:80'] });
  });

  it('keeps environment values that look like numbers as written', async () => {
    const { compose } = await loadFiles({ 'compose.yaml': web('    environment:\n      VERSION: 1.10\n      ON: true\n      MODE: 0755\n') });
    expect(compose.services!.web!.environment).toEqual({ VERSION: '1.10', ON: 'true', MODE: '0755' });
  });
});
