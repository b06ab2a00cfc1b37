/** What Testbed misread in Compose files before (issue 14, "Fixed"), as a user sees it now. */
import { describe, expect, it } from 'vitest';
import { toComposeYaml } from '../../../src/model/to-compose.js';
import { loadErrorFrom, loadFrom, projectOf } from './load.js';

describe('files Compose rejects are rejected', () => {
  it('refuses services that depend on each other in a loop, naming it, at the dependency', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n' });
    expect(err.message).toContain('compose.yaml:4:18: services.a.depends_on.b: services depend on each other in a cycle: a -> b -> a');
  });

  it('refuses keys that are not text: a service named 123 unquoted, environment: {1: FOO}', async () => {
    const service = await loadErrorFrom({ 'compose.yaml': 'services:\n  123:\n    image: x\n' });
    expect(service.message).toContain('compose.yaml:2:3: YAML: the key 123 is a number, not text; Compose needs keys written as text: quote it ("123")');
    const env = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: x\n    environment: {1: FOO}\n' });
    expect(env.message).toContain('the key 1 is a number');
  });

  it('refuses driver, driver_opts or labels on an external volume', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: x\n    volumes: [d:/d]\nvolumes:\n  d:\n    external: true\n    driver: local\n    labels: [a=b]\n' });
    expect(err.message).toContain('volumes.d.driver: cannot be set on an external volume');
    expect(err.message).toContain('volumes.d.labels: cannot be set on an external volume');
  });

  it('refuses a name that contradicts external.name', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    image: x\n    volumes: [d:/d]\nvolumes:\n  d:\n    name: one\n    external: { name: two }\n' });
    expect(err.message).toContain('volumes.d.external.name: is "two" but volumes.d.name is "one"');
  });

  it('prints the warnings found so far with the error', async () => {
    const err = await loadErrorFrom({ 'compose.yaml': 'services:\n  web:\n    imag: nginx\n' });
    expect(err.message).toContain('has neither image nor build');
    expect(err.message).toMatch(/warnings found before that:\n  compose\.yaml:3:5: unknown key "imag" in services\.web is ignored; did you mean "image"\?/);
    expect(err.toJSON().warnings).toHaveLength(1);
  });
});

describe('values Compose reads are read the same way', () => {
  it('expands ~ in env_file, configs.file and secrets.file', async () => {
    const loaded = await loadFrom({ 'compose.yaml': 'services:\n  web:\n    image: x\n', 'home/web.env': 'A=1\n' });
    const home = loaded.temp.path('home');
    const again = await loadFrom(
      {
        'compose.yaml': 'services:\n  web:\n    image: x\n    env_file: ~/web.env\n    configs: [c]\n    secrets: [s]\nconfigs:\n  c: { file: ~/c.txt }\nsecrets:\n  s: { file: ~/s.txt }\n',
      },
      { env: { HOME: home } },
    );
    expect(again.project.services.web!.environment).toEqual({ A: '1' });
    expect(again.project.configs.c!.file).toBe(`${home}/c.txt`);
    expect(again.project.secrets.s!.file).toBe(`${home}/s.txt`);
  });

  it('accepts the YAML 1.1 booleans Compose accepts (init: yes, read_only: off)', async () => {
    const project = await projectOf('services:\n  web:\n    image: x\n    init: yes\n    read_only: off\n    tty: on\n');
    expect(project.services.web!.init).toBe(true);
    expect(project.services.web!.readOnly).toBe(false);
    expect(project.services.web!.container.tty).toBe(true);
  });

  it('cleans a trailing slash off volume targets, so both forms merge as one mount', async () => {
    const { project } = await loadFrom({
      'compose.yaml': 'services:\n  web:\n    image: x\n    volumes: ["./a:/var/www/html/"]\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes: ["./b:/var/www/html"]\n',
    });
    expect(project.services.web!.volumes).toHaveLength(1);
    expect(project.services.web!.volumes[0]).toMatchObject({ target: '/var/www/html' });
  });
});

describe('testbed config', () => {
  it('keeps $$ escapes, so its output loads back to the same project', async () => {
    const project = await projectOf('services:\n  web:\n    image: x\n    command: sh -c "echo $$USER"\n    environment: { PRICE: "$$5" }\n');
    expect(project.services.web!.command).toEqual(['sh', '-c', 'echo $USER']);
    const yaml = toComposeYaml(project);
    expect(yaml).toContain('echo $$USER');
    const again = await projectOf(yaml, { env: { USER: 'somebody' } });
    expect(again.services.web!.command).toEqual(['sh', '-c', 'echo $USER']);
    expect(again.services.web!.environment.PRICE).toBe('$5');
  });
});
