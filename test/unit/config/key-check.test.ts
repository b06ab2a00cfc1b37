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

  it('names a Compose key that Testbed does not act on, with file, line and the reason', async () => {
    expect(await warningsOf('services:\n  web:\n    image: nginx\n    cpu_count: 2\n    develop: { watch: [] }\n')).toEqual([
      { message: 'services.web.cpu_count is ignored: it applies to Windows containers only', position: { file: 'compose.yaml', line: 4, col: 5 }, path: 'services.web.cpu_count' },
      {
        message: 'services.web.develop is ignored: Testbed has no watch mode (docker compose watch); run testbed up again after a change',
        position: { file: 'compose.yaml', line: 5, col: 5 },
        path: 'services.web.develop',
      },
    ]);
  });

  it('names unsupported keys in nested settings and top-level resources, each with its reason', async () => {
    const warnings = await warningsOf(
      'services:\n  web:\n    image: nginx\n    build:\n      context: .\n      ssh: [default]\n    deploy:\n      placement: {}\nnetworks:\n  n:\n    enable_ipv4: true\n',
    );
    expect(warnings.map((w) => `${w.position?.line}: ${w.message}`)).toEqual([
      "6: services.web.build.ssh is ignored: it needs BuildKit, and Testbed builds through the Engine API's classic builder",
      '8: services.web.deploy.placement is ignored: it configures Docker Swarm services, and a set runs plain containers',
      '11: networks.n.enable_ipv4 is ignored: the Engine API Testbed speaks (1.41, Docker 20.10) has no such setting; it came with API 1.48',
    ]);
  });

  it('does not warn about keys it acts on: privileged, ulimits, ipam, container_name', async () => {
    const warnings = await warningsOf(
      'services:\n  web:\n    image: nginx\n    privileged: true\n    ulimits: { nofile: 1024 }\n    container_name: w\nnetworks:\n  n:\n    ipam: { config: [{ subnet: 10.5.0.0/24 }] }\n',
    );
    expect(warnings).toEqual([]);
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
