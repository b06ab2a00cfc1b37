import { describe, expect, it } from 'vitest';
import { loadErrorFrom, projectOf } from './load.js';

async function issues(compose: string) {
  return (await loadErrorFrom({ 'compose.yaml': compose })).issues;
}

describe('names a service uses must be declared', () => {
  it('points at an undeclared network in a list', async () => {
    expect(await issues('services:\n  web:\n    image: nginx\n    networks: [front, back]\nnetworks:\n  front: {}\n')).toEqual([
      {
        message: 'services.web.networks.back: network back is not declared under the top-level networks (declared: front)',
        position: { file: 'compose.yaml', line: 4, col: 23 },
        path: 'services.web.networks.back',
      },
    ]);
  });

  it('points at an undeclared network in a mapping', async () => {
    const [issue] = await issues('services:\n  web:\n    image: nginx\n    networks:\n      back:\n        aliases: [api]\n');
    expect(issue).toMatchObject({ message: expect.stringContaining('network back is not declared under the top-level networks (declared: none)'), position: { line: 5, col: 7 } });
  });

  it('points at an undeclared named volume and suggests a bind mount', async () => {
    expect(await issues('services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data\n')).toEqual([
      {
        message:
          'services.db.volumes[0]: volume data is not declared under the top-level volumes (declared: none); declare it, or write a path (./data) for a bind mount',
        position: { file: 'compose.yaml', line: 5, col: 9 },
        path: 'services.db.volumes[0]',
      },
    ]);
  });

  it('points at an undeclared config and secret', async () => {
    const found = await issues('services:\n  web:\n    image: nginx\n    configs: [app.conf]\n    secrets:\n      - source: token\nsecrets:\n  other: { content: x }\n');
    expect(found).toEqual([
      { message: 'services.web.configs[0]: config app.conf is not declared under the top-level configs (declared: none)', position: { file: 'compose.yaml', line: 4, col: 15 }, path: 'services.web.configs[0]' },
      { message: 'services.web.secrets[0]: secret token is not declared under the top-level secrets (declared: other)', position: { file: 'compose.yaml', line: 6, col: 9 }, path: 'services.web.secrets[0]' },
    ]);
  });

  it('points at a dependency on a service that does not exist', async () => {
    expect(await issues('services:\n  web:\n    image: nginx\n    depends_on:\n      - api\n  db:\n    image: postgres\n')).toEqual([
      { message: 'services.web.depends_on.api: service api is not defined (services: web, db)', position: { file: 'compose.yaml', line: 5, col: 9 }, path: 'services.web.depends_on.api' },
    ]);
  });

  it('allows a missing dependency marked required: false', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx\n    depends_on:\n      api: { condition: service_started, required: false }\n');
    expect(project.services.web!.dependsOn.api!.required).toBe(false);
  });

  it('refuses a service that depends on itself', async () => {
    const [issue] = await issues('services:\n  web:\n    image: nginx\n    depends_on: [web]\n');
    expect(issue).toMatchObject({ message: 'services.web.depends_on.web: a service cannot depend on itself', position: { line: 4, col: 18 } });
  });

  it('reports every undeclared name at once, in every service', async () => {
    const found = await issues('services:\n  a:\n    image: x\n    networks: [n1]\n  b:\n    image: x\n    volumes: ["v1:/v"]\n    depends_on: [c]\n');
    expect(found.map((i) => i.path)).toEqual(['services.a.networks.n1', 'services.b.volumes[0]', 'services.b.depends_on.c']);
  });

  it('points at the file that wrote the reference when files are merged', async () => {
    const err = await loadErrorFrom({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes: ["cache:/cache"]\n',
    });
    expect(err.issues[0]!.position).toEqual({ file: 'compose.override.yaml', line: 3, col: 15 });
  });
});

describe('networks and volumes', () => {
  it('adds the implicit default network only when a service uses it', async () => {
    const project = await projectOf('services:\n  web:\n    image: nginx\n');
    expect(project.networks).toEqual({ default: { name: 'default', internal: false, external: false, labels: {}, enableIpv6: false } });
    const onOwn = await projectOf('services:\n  web:\n    image: nginx\n    networks: [front]\nnetworks:\n  front:\n');
    expect(Object.keys(onOwn.networks)).toEqual(['front']);
  });

  it('reads internal, external and labels of networks and volumes', async () => {
    const project = await projectOf(
      'services:\n  web:\n    image: nginx\n    networks: [back, shared]\n    volumes: [data:/d, ext:/e]\nnetworks:\n  back: { internal: true, labels: [tier=back] }\n  shared: { external: true, name: infra_net }\nvolumes:\n  data: { driver: local, driver_opts: { type: tmpfs, o: 1 } }\n  ext: { external: true }\n',
    );
    expect(project.networks).toEqual({
      back: { name: 'back', internal: true, external: false, labels: { tier: 'back' }, enableIpv6: false },
      shared: { name: 'shared', internal: false, external: true, externalName: 'infra_net', labels: {}, enableIpv6: false },
    });
    expect(project.volumes).toEqual({
      data: { name: 'data', external: false, driver: 'local', driverOpts: { type: 'tmpfs', o: '1' }, labels: {} },
      ext: { name: 'ext', external: true, driverOpts: {}, labels: {} },
    });
  });
});
