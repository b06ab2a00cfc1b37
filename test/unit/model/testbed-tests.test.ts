/**
 * Test definitions as a user writes them: in the Compose file and in included files, with
 * defaults applied, and every mistake reported at its file:line:col, all at once.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { splitCommand } from '../../../src/model/command-spec.js';
import { loadProject } from '../../../src/model/load-project.js';
import { DEFAULT_TEST_TIMEOUT_MS, loadTests } from '../../../src/model/testbed-tests.js';

const SERVICES = `
services:
  web:
    image: busybox:latest
    ports: ["8080:80"]
  db:
    image: busybox:latest
`;

let dir: string | undefined;
const made: string[] = [];

async function project(files: Record<string, string>) {
  dir = await mkdtemp(join(tmpdir(), 'testbed-tests-model-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const p = await loadProject({ cwd: dir, env: {} });
  return { project: p, load: () => loadTests(p, { cwd: dir }) };
}

async function configError(load: () => Promise<unknown>): Promise<ConfigError> {
  const err = await load().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  dir = undefined;
});

describe('test definitions', () => {
  it('reads tests from the Compose file and from included files, with their defaults', async () => {
    const { load } = await project({
      'compose.yaml': `${SERVICES}
x-testbed:
  tests:
    main-page:
      description: the front page serves
      http: { service: web, port: 80, body: Welcome }
    db-rows:
      service: db
      command: psql -tAc 'select count(*) from t'
      environment: { A: 1.10, B: "{{ values.x }}" }
      expect:
        stdout: { contains: "42", matches: "^4\\\\d$" }
        stderr: { not_contains: [ERROR, FATAL] }
        files: [ { service: db, path: /tmp/report.txt }, /tmp/own.txt ]
      needs: main-page
      timeout: 60s
  include_tests: [tests/*.yaml]
`,
      'tests/more.yaml': `tests:
  seeded:
    image: busybox:latest
    mounts: ["./fixtures:/fixtures:ro"]
    command: [cat, /fixtures/x]
    environment: [ "K=v" ]
    expect: { exit_code: 2 }
`,
    });
    const suite = await load();
    expect(suite.tests.map((t) => t.name)).toEqual(['main-page', 'db-rows', 'seeded']);
    const [page, rows, seeded] = suite.tests;
    expect(page).toMatchObject({
      description: 'the front page serves',
      http: { service: 'web', replica: 1, port: 80, path: '/', method: 'GET', status: 200, body: { contains: ['Welcome'] } },
      timeoutMs: DEFAULT_TEST_TIMEOUT_MS,
      position: { file: 'compose.yaml', line: 11, col: 5 },
    });
    expect(page!.command).toBeUndefined();
    expect(rows).toMatchObject({
      command: { target: { kind: 'exec', service: 'db', replica: 1 }, command: "psql -tAc 'select count(*) from t'", environment: { A: '1.1', B: '{{ values.x }}' } },
      expect: {
        exitCode: 0,
        stdout: { contains: ['42'], matches: ['^4\\d$'], notContains: [] },
        stderr: { notContains: ['ERROR', 'FATAL'] },
        files: [{ service: 'db', path: '/tmp/report.txt' }, { path: '/tmp/own.txt' }],
      },
      needs: [{ name: 'main-page', kind: 'test' }],
      timeoutMs: 60_000,
    });
    expect(seeded).toMatchObject({
      command: {
        target: { kind: 'image', image: 'busybox:latest' },
        command: ['cat', '/fixtures/x'],
        environment: { K: 'v' },
        mounts: [{ source: join(dir!, 'fixtures'), target: '/fixtures', readOnly: true }],
      },
      expect: { exitCode: 2 },
      position: { file: join('tests', 'more.yaml'), line: 2, col: 3 },
    });
    expect(suite.files).toEqual([join(dir!, 'tests', 'more.yaml')]);
  });

  it('reports every mistake of every file together, each at its position', async () => {
    const { load } = await project({
      'compose.yaml': `${SERVICES}
x-testbed:
  tests:
    typo:
      service: db
      command: "true"
      expects: { exit_code: 1 }
    two-places:
      service: db
      image: busybox:latest
      command: "true"
    no-such-service:
      run: cache
      command: "true"
    bad-regex:
      service: db
      command: "true"
      expect: { stdout: { matches: "(" } }
    unknown-need:
      http: { service: web, port: 80 }
      needs: [nothing-like-it]
    nothing: { description: runs nothing }
  include_tests: tests/*.yaml
`,
      'tests/a.yaml': `tests:
  exec-mounts:
    service: web
    mounts: ["./x:/x"]
    command: ls
  typo: { http: { service: web, port: 80 } }
  http-exit:
    http: { service: web, port: 80 }
    expect: { exit_code: 1 }
`,
    });
    const err = await configError(load);
    const where = err.issues.map((i) => `${i.position?.file}:${i.position?.line}:${i.position?.col} ${i.message}`);
    expect(where).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^compose.yaml:14:7 .*expects: is not a known key/),
        expect.stringMatching(/^compose.yaml:17:7 .*image: give one of service:, run: or image:/),
        expect.stringMatching(/^compose.yaml:20:12 .*service cache is not defined/),
        expect.stringMatching(/^compose.yaml:25:36 .*"\(" is not a valid regular expression/),
        expect.stringMatching(/^compose.yaml:28:15 .*nothing-like-it is neither a test nor a job/),
        expect.stringMatching(/^compose.yaml:29:5 .*runs nothing/),
        expect.stringMatching(/^tests\/a.yaml:4:5 .*mounts: goes with run: or image:/),
        expect.stringMatching(/^tests\/a.yaml:6:3 .*test typo is defined twice \(first at compose.yaml:11:5\)/),
        expect.stringMatching(/^tests\/a.yaml:9:5 .*exit_code, stdout and stderr need a command/),
      ]),
    );
    expect(err.issues).toHaveLength(9);
  });

  it('finds cycles in needs, and knows jobs from tests', async () => {
    const { load } = await project({
      'compose.yaml': `${SERVICES}
x-testbed:
  jobs:
    seed: { service: db, command: "true" }
  tests:
    a: { service: db, command: "true", needs: [b, seed] }
    b: { service: db, command: "true", needs: [c] }
    c: { service: db, command: "true", needs: [a] }
`,
    });
    const err = await configError(load);
    expect(err.message).toContain('needs form a cycle: a -> b -> c -> a');
    expect(err.issues[0]!.position).toMatchObject({ file: 'compose.yaml', line: 13 });

    const ok = await project({
      'compose.yaml': `${SERVICES}
x-testbed:
  jobs:
    seed: { service: db, command: "true" }
  tests:
    a: { service: db, command: "true", needs: [seed] }
`,
    });
    expect((await ok.load()).tests[0]!.needs).toMatchObject([{ name: 'seed', kind: 'job' }]);
  });

  it('reads compare.ignore, one pattern or a list, and reports a pattern that is invalid or matches nothing', async () => {
    const ok = await project({
      'compose.yaml': `${SERVICES}
x-testbed:
  tests:
    one: { service: db, command: "true", compare: { ignore: "took \\\\d+ms" } }
    two: { service: db, command: "true", compare: { ignore: ["a+", "^b$"] } }
    none: { service: db, command: "true" }
`,
    });
    const tests = (await ok.load()).tests;
    expect(tests.map((t) => t.compareIgnore)).toEqual([['took \\d+ms'], ['a+', '^b$'], undefined]);

    const withCompare = (extra: string) =>
      project({
        'compose.yaml': `${SERVICES}
x-testbed:
  tests:
    bad:
      service: db
      command: "true"
      compare:
        ignore: ["(", "x*"]
${extra}`,
      });
    const unknown = await configError((await withCompare('        keep: []\n')).load);
    expect(unknown.issues.map((i) => `${i.position?.line}:${i.position?.col} ${i.message}`)).toEqual([
      '16:9 x-testbed.tests.bad.compare.keep: is not a known key here',
    ]);
    const issues = (await configError((await withCompare('')).load)).issues.map((i) => `${i.position?.line}:${i.position?.col} ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^15:18 .*tests.bad.compare.ignore\[0\]: "\(" is not a valid regular expression/),
      expect.stringMatching(/^15:23 .*tests.bad.compare.ignore\[1\]: "x\*" matches an empty text/),
    ]);
  });

  it('warns when an include pattern matches no file', async () => {
    const { load } = await project({ 'compose.yaml': `${SERVICES}\nx-testbed:\n  include_tests: [tests/*.yaml]\n` });
    const suite = await load();
    expect(suite.tests).toEqual([]);
    expect(suite.warnings[0]!.message).toContain('tests/*.yaml matches no file');
  });
});

describe('a command string', () => {
  it('is split as a POSIX shell quotes, without expanding anything', () => {
    expect(splitCommand(`psql -tAc 'select count(*) from t'`)).toEqual(['psql', '-tAc', 'select count(*) from t']);
    expect(splitCommand(`echo "hi there" $GREETING \${X} "a\\"b" 'c\\d' e\\ f a|b`)).toEqual([
      'echo', 'hi there', '$GREETING', '${X}', 'a"b', 'c\\d', 'e f', 'a|b',
    ]);
    expect(splitCommand(`  x  ''  "" `)).toEqual(['x', '', '']);
    expect(splitCommand(`"unterminated \\`)).toEqual(['unterminated \\']);
  });
});
