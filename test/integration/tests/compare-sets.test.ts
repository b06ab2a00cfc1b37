/**
 * `testbed test --sets`: two sets made from the same file and values print their own names,
 * addresses, generated secrets and clock readings, and still compare the same; a set with
 * another value differs, and the diff shows that value, with each set's own tokens as
 * placeholders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
configs:
  page:
    file: ./page.html.liquid
services:
  web:
    image: busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    configs: [ { source: page, target: /www/index.html } ]
    ports: ["8080:80"]
x-testbed:
  values: { greeting: hello }
  secrets:
    api_token: { generate: { length: 24 } }
  tests:
    page:
      description: the front page, rendered for the set
      http: { service: web, port: 80, path: /, body: token }
    whoami:
      description: the set's name, addresses, token and the time, from inside the service
      service: web
      environment: { TOKEN: "{{ secrets.api_token }}" }
      command: >-
        sh -c 'echo "set {{ set.name }} on {{ services.web.address }} as web.{{ set.name }}.lan, inside at $(hostname -i)";
        echo "token $TOKEN"; date -u +"started %Y-%m-%dT%H:%M:%SZ"; date -u; date -R'
    visitor:
      description: a new container on the set's network logs a request, with its own address
      image: busybox:latest
      command: sh -c 'echo "$(hostname -i) - - [$(date -u +%d/%b/%Y:%H:%M:%S) +0000] \\"GET / HTTP/1.1\\" 200"; wget -qO- http://web/ | grep -c token'
    lucky:
      description: prints a random request id, which comparing leaves out
      service: web
      command: sh -c 'echo "greeting {{ values.greeting }}, request $(cat /proc/sys/kernel/random/uuid)"'
      compare: { ignore: 'request [0-9a-f-]{36}' }
`;

const PAGE = `<h1>Set {{ set.name }}</h1>
<p>http://{{ services.web.lan }}:8080/ on {{ services.web.address }}</p>
<p>token {{ secrets.api_token }}</p>
<p>{{ values.greeting }}</p>
`;

interface Comparison {
  sets: string[];
  tests: { test: string; same: boolean; results: { outcome: string; stdout: string }[]; differences: { what: string; diff: string }[] }[];
}

describe.skipIf(skipWithoutEngine)('comparing sets', () => {
  let p: TempProject;

  beforeAll(async () => {
    p = await tempProject('cmpsets', COMPOSE);
    await p.write('page.html.liquid', PAGE);
    const ups = await Promise.all([p.cli(['up', 'one']), p.cli(['up', 'two']), p.cli(['up', 'three', '--set-value', 'greeting=bonjour'])]);
    for (const up of ups) expect(up.code, up.stderr).toBe(0);
  }, 180_000);
  afterAll(() => p.cleanup(), 120_000);

  it('two sets made alike compare the same, though each prints its own name, addresses, secret and times', async () => {
    const res = await p.cli(['test', '--sets', 'one,two', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const comparison = JSON.parse(res.stdout) as Comparison;
    // The raw outputs do differ: each set's own name, address, token and clock.
    const whoami = comparison.tests.find((t) => t.test === 'whoami')!;
    const [one, two] = whoami.results.map((r) => r.stdout);
    expect(one).toMatch(/^set one on 127\.\d+\.\d+\.\d+ as web\.one\.lan, inside at \d+\.\d+\.\d+\.\d+$/m);
    expect(two).toMatch(/^set two on /m);
    expect(one).not.toBe(two);
    const visitor = comparison.tests.find((t) => t.test === 'visitor')!.results[0]!.stdout;
    expect(visitor).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1.1" 200\n1\n$/);
    expect(comparison.tests.map((t) => [t.test, t.same, t.differences])).toEqual([
      ['page', true, []],
      ['whoami', true, []],
      ['visitor', true, []],
      ['lucky', true, []],
    ]);
  });

  it('a set with another value differs, and the diff shows the value with each set\'s own tokens as placeholders', async () => {
    const res = await p.cli(['test', '--sets', 'one,three']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^page\s+passed \S+\s+passed \S+\s+no$/m);
    expect(res.stdout).toMatch(/^whoami\s+passed \S+\s+passed \S+\s+yes$/m);
    expect(res.stdout).toMatch(/^visitor\s+passed \S+\s+passed \S+\s+yes$/m);
    expect(res.stdout).toMatch(/^lucky\s+passed \S+\s+passed \S+\s+no$/m);
    expect(res.stdout).toContain(
      [
        'page: http-body differs between one and three',
        '--- one/page/http-body',
        '+++ three/page/http-body',
        '@@ -1,4 +1,4 @@',
        ' <h1>Set <set></h1>',
        ' <p>http://web.<set>.lan:8080/ on <web address></p>',
        ' <p>token <secret api_token></p>',
        '-<p>hello</p>',
        '+<p>bonjour</p>',
      ].join('\n'),
    );
    expect(res.stdout).toContain('-greeting hello, <ignored>\n+greeting bonjour, <ignored>\n');
  });
});
