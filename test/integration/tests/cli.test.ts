/**
 * The test verbs as a user types them: list the tests, run them against a set with live progress
 * and a summary, JUnit and JSON for CI, stored results, and the same tests on two sets that differ
 * by a template value, compared side by side.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo Welcome > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["8080:80"]
x-testbed:
  values: { greeting: default }
  tests:
    page:
      description: the front page serves
      http: { service: web, port: 80, path: /, status: 200, body: Welcome }
    greeting:
      description: says hello with the set's greeting
      service: web
      command: sh -c 'echo "hello {{ values.greeting }}" > /tmp/greeting.txt; cat /tmp/greeting.txt; echo "set {{ set.name }}" > /tmp/set.txt'
      expect:
        stdout: { contains: hello }
        files: [ { service: web, path: /tmp/greeting.txt }, { service: web, path: /tmp/set.txt } ]
    only-old:
      service: web
      command: echo "{{ values.greeting }}"
      expect: { stdout: { matches: "^bonjour$" } }
    broken:
      description: always fails
      service: web
      command: ["sh", "-c", "echo 'bad <thing> & \\u0001' >&2; exit 4"]
    after-broken:
      service: web
      command: "true"
      needs: [broken]
  include_tests: tests/*.yaml
`;

describe.skipIf(skipWithoutEngine)('the test command line', () => {
  let p: TempProject;

  beforeAll(async () => {
    p = await tempProject('testcli', COMPOSE);
    await p.write('tests/extra.yaml', 'tests:\n  extra:\n    description: from an included file\n    image: busybox:latest\n    command: wget -qO- http://web/\n    expect: { stdout: Welcome }\n');
    const [old, fresh] = await Promise.all([
      p.cli(['up', 'old', '--set-value', 'greeting=bonjour']),
      p.cli(['up', 'new', '--set-value', 'greeting=hallo']),
    ]);
    expect(old.code, old.stderr).toBe(0);
    expect(fresh.code, fresh.stderr).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('tests lists every test, from the file and from included files, with where it runs and its description', async () => {
    const res = await p.cli(['tests']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^TEST\s+RUNS\s+NEEDS\s+DESCRIPTION$/m);
    expect(res.stdout).toMatch(/^page\s+http web:80\/\s+-\s+the front page serves$/m);
    expect(res.stdout).toMatch(/^after-broken\s+exec web\s+broken\s*$/m);
    expect(res.stdout).toMatch(/^extra\s+image busybox:latest\s+-\s+from an included file$/m);
    const json = JSON.parse((await p.cli(['tests', '--json'])).stdout);
    expect(json.map((t: { name: string }) => t.name)).toEqual(['page', 'greeting', 'only-old', 'broken', 'after-broken', 'extra']);
  });

  it('test runs the named tests, shows each as it finishes and a summary, and exits 0 when all pass', async () => {
    const res = await p.cli(['test', 'old', 'page', 'greeting', 'extra']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^✔ page \d+ms$/m);
    expect(res.stderr).toMatch(/^✔ greeting \S+$/m);
    expect(res.stdout).toMatch(/^3 passed, 0 failed, 0 skipped in \S+$/m);
    expect(res.stdout).toContain(join(p.stateDir, p.name, 'old', 'tests'));
  });

  it('a failing test makes the exit code 14; --json and --junit give the results to CI', async () => {
    const junit = join(p.dir, 'report.xml');
    const res = await p.cli(['test', 'old', '--json', '--junit', junit]);
    expect(res.code).toBe(14);
    const report = JSON.parse(res.stdout);
    expect(report.summary).toEqual({ total: 6, passed: 4, failed: 1, skipped: 1 });
    expect(report.results.find((r: { test: string }) => r.test === 'broken')).toMatchObject({ outcome: 'failed', exitCode: 4, failures: ['exit code 4, expected 0'] });

    const xml = await readFile(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(parsed.testsuites).toMatchObject({ tests: '6', failures: '1', errors: '0', skipped: '1' });
    expect(suite.name).toBe(`${p.name}/old`);
    const cases = suite.testcase as { name: string; failure?: { message: string }; skipped?: { message: string }; 'system-err'?: string }[];
    expect(cases.map((c) => c.name).sort()).toEqual(['after-broken', 'broken', 'extra', 'greeting', 'only-old', 'page']);
    const broken = cases.find((c) => c.name === 'broken')!;
    expect(broken.failure?.message).toBe('exit code 4, expected 0');
    expect(broken['system-err']).toContain('bad <thing> &');
    expect(cases.find((c) => c.name === 'after-broken')!.skipped?.message).toBe('needs broken, which failed');
    expect(cases.find((c) => c.name === 'page')!.failure).toBeUndefined();
  });

  it('the human report says what failed and shows the end of its output', async () => {
    const res = await p.cli(['test', 'old', 'after-broken']);
    expect(res.code).toBe(14);
    expect(res.stderr).toMatch(/^✘ broken \S+ {2}exit code 4, expected 0$/m);
    expect(res.stderr).toMatch(/^- after-broken skipped needs broken, which failed$/m);
    expect(res.stdout).toContain('✘ broken exec web-1');
    expect(res.stdout).toMatch(/\| bad <thing> &/);
    expect(res.stdout).toMatch(/^0 passed, 1 failed, 1 skipped in \S+$/m);
  });

  it('results shows the last runs of a set, and of one test', async () => {
    const runs = await p.cli(['results', 'old']);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/^RUN\s+PASSED\s+FAILED\s+SKIPPED\s+DURATION\s+FAILING$/m);
    expect(runs.stdout).toMatch(/\s4\s+1\s+1\s+\S+\s+broken$/m);
    const one = JSON.parse((await p.cli(['results', 'old', 'broken', '--json'])).stdout);
    expect(one.length).toBe(2);
    expect(one[0].results).toMatchObject([{ test: 'broken', outcome: 'failed', exitCode: 4 }]);
  });

  it('testing a set that is not up says so, with exit code 8', async () => {
    const res = await p.cli(['test', 'absent']);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('set absent of project');
    expect(res.stderr).toContain('testbed up absent');
  });

  it('an unknown test name exits 17 (no such test); a mistake in a test file is a configuration error with its position', async () => {
    const unknown = await p.cli(['test', 'old', 'pag']);
    expect(unknown.code).toBe(17);
    expect(unknown.stderr).toContain('no test named pag');
    expect(unknown.stderr).toContain('Did you mean page?');

    await p.write('tests/bad.yaml', 'tests:\n  bad:\n    service: nowhere\n    command: "true"\n    expect: { stdout: { matches: "[" } }\n');
    const bad = await p.cli(['tests']);
    await p.write('tests/bad.yaml', 'tests: {}\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/tests\/bad.yaml:3:14: tests.bad.service: service nowhere is not defined/);
    expect(bad.stderr).toMatch(/tests\/bad.yaml:5:34: tests.bad.expect.stdout.matches: "\[" is not a valid regular expression/);
  });

  it('--sets runs each test on each set and shows outcomes side by side, with diffs of output and artifacts that differ beyond the set\'s name', async () => {
    const res = await p.cli(['test', '--sets', 'old,new', 'page', 'greeting']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^\[old\] ✔ greeting/m);
    expect(res.stderr).toMatch(/^\[new\] ✔ greeting/m);
    expect(res.stdout).toMatch(/^TEST\s+OLD\s+NEW\s+SAME$/m);
    expect(res.stdout).toMatch(/^page\s+passed \S+\s+passed \S+\s+yes$/m);
    expect(res.stdout).toMatch(/^greeting\s+passed \S+\s+passed \S+\s+no$/m);
    expect(res.stdout).toContain('greeting: stdout differs between old and new');
    expect(res.stdout).toContain('--- old/greeting/stdout\n+++ new/greeting/stdout\n@@ -1,1 +1,1 @@\n-hello bonjour\n+hello hallo\n');
    expect(res.stdout).toContain(`greeting: ${join('artifacts', 'web', 'tmp', 'greeting.txt')} differs between old and new`);
    // "set old" and "set new" are each set's own name: not a difference.
    expect(res.stdout).not.toContain('set.txt differs');
    expect(res.stdout).toMatch(/^4 passed, 0 failed, 0 skipped in \S+$/m);
  });

  it('--sets exits 14 when a test fails on one set, and --json gives the comparison', async () => {
    const res = await p.cli(['test', '--sets', 'old,new', 'only-old', '--json']);
    expect(res.code).toBe(14);
    const comparison = JSON.parse(res.stdout);
    expect(comparison.sets).toEqual(['old', 'new']);
    const [test] = comparison.tests;
    expect(test.results.map((r: { outcome: string }) => r.outcome)).toEqual(['passed', 'failed']);
    expect(test.same).toBe(false);
    expect(test.differences[0]).toMatchObject({ what: 'stdout', set: 'new' });
    expect(test.differences[0].diff).toContain('-bonjour\n+hallo\n');
  });
});
