import { describe, expect, it } from 'vitest';
import { suggest } from '../../../src/config/key-check.js';
import { loadFiles } from './load-files.js';

async function warningsOf(text: string) {
  return (await loadFiles({ 'compose.yaml': text })).warnings;
}

describe('keys Testbed will not act on', () => {
  it('warns about a misspelt service key, suggesting the right one', async () => {
    expect(await warningsOf('services:\n  web:\n    image: nginx\n    enviroment:\n      A: 1\n')).toEqual([
      {
        message: 'unknown key "enviroment" in services.web is ignored; did you mean "environment"?',
        position: { file: 'compose.yaml', line: 4, col: 5 },
        path: 'services.web.enviroment',
      },
    ]);
  });

  it('warns about a misspelt key deeper down and at the top level', async () => {
    const warnings = await warningsOf(
      'servics: {}\nservices:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "true"]\n      intervall: 5s\n',
    );
    expect(warnings.map((w) => [w.message, w.position?.line])).toEqual([
      ['unknown key "servics" at the top level is ignored; did you mean "services"?', 1],
      ['unknown key "intervall" in services.web.healthcheck is ignored; did you mean "interval"?', 7],
    ]);
  });

  it('points to x-* for a key that resembles nothing', async () => {
    const [warning] = await warningsOf('services:\n  web:\n    image: nginx\n    flavour_of_the_month: mint\n');
    expect(warning!.message).toBe(
      'unknown key "flavour_of_the_month" in services.web is ignored; custom keys go under x-* (Testbed\'s own under x-testbed)',
    );
  });

  it('names a Compose key that Testbed does not support yet, with file and line', async () => {
    expect(await warningsOf('services:\n  web:\n    image: nginx\n    privileged: true\n    ulimits: { nofile: 1024 }\n')).toEqual([
      { message: 'services.web.privileged is not supported by Testbed yet and is ignored', position: { file: 'compose.yaml', line: 4, col: 5 }, path: 'services.web.privileged' },
      { message: 'services.web.ulimits is not supported by Testbed yet and is ignored', position: { file: 'compose.yaml', line: 5, col: 5 }, path: 'services.web.ulimits' },
    ]);
  });

  it('names unsupported keys in nested settings and top-level resources', async () => {
    const warnings = await warningsOf(
      'services:\n  web:\n    image: nginx\n    build:\n      context: .\n      ssh: [default]\n    deploy:\n      placement: {}\nnetworks:\n  n:\n    attachable: true\n',
    );
    expect(warnings.map((w) => `${w.position?.line}: ${w.message}`)).toEqual([
      '6: services.web.build.ssh is not supported by Testbed yet and is ignored',
      '8: services.web.deploy.placement is not supported by Testbed yet and is ignored',
      '11: networks.n.attachable is not supported by Testbed yet and is ignored',
    ]);
  });

  it('says container_name is ignored and why', async () => {
    const warnings = await warningsOf('services:\n  web:\n    image: nginx\n    container_name: my-web\n');
    expect(warnings.map((w) => w.position?.line)).toContain(4);
    expect(warnings.some((w) => w.message.includes('container_name is ignored') && w.message.includes('<project>-<set>-<service>-<n>'))).toBe(true);
  });

  it('says the top-level version is obsolete', async () => {
    const [warning] = await warningsOf('version: "3.8"\nservices:\n  web:\n    image: nginx\n');
    expect(warning).toMatchObject({ message: expect.stringContaining('"version" is obsolete'), position: { line: 1, col: 1 } });
  });

  it('accepts x-* keys anywhere without a warning', async () => {
    expect(await warningsOf('x-common: {}\nservices:\n  web:\n    image: nginx\n    x-notes: hi\nnetworks:\n  n:\n    x-owner: me\n')).toEqual([]);
  });

  it('still loads the file: warnings never stop it', async () => {
    const { compose } = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    tty: true\n    imagee: x\n' });
    expect(compose.services!.web!.image).toBe('nginx');
  });
});

describe('suggestions', () => {
  it('suggests the closest key within a typo', () => {
    expect(suggest('prots', ['ports', 'profiles', 'image'])).toBe('ports');
    expect(suggest('Image', ['ports', 'image'])).toBe('image');
  });

  it('suggests nothing that is too far away', () => {
    expect(suggest('database', ['ports', 'image'])).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
  });
});
