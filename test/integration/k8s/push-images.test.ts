/**
 * `testbed k8s images --push --registry R`: the built images reach a real registry (the local
 * one of scripts/registry-setup.sh) under the names the rendered manifests use, with the
 * user's credentials; without credentials the push is refused.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { deleteFromRegistry, testRegistry, type TestRegistry } from '../../support/snapshots.js';

describe.skipIf(skipWithoutEngine)('pushing built images for a cluster', () => {
  let p: TempProject;
  let registry: TestRegistry | undefined;
  let dockerConfig: string;
  const tag = `t${process.pid}`;

  beforeAll(async () => {
    registry = testRegistry();
    p = await tempProject('k8spush', `
services:
  web:
    build: ./web
    command: ["httpd", "-f", "-p", "80"]
`);
    await p.write('web/Dockerfile', 'FROM busybox:latest\nRUN echo pushed > /marker\n');
    dockerConfig = await mkdtemp(join(tmpdir(), 'testbed-dockercfg-'));
    if (registry) {
      const auth = Buffer.from(`${registry.user}:${registry.password}`).toString('base64');
      await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [`http://${registry.address}`]: { auth } } }), { mode: 0o600 });
    }
  });
  afterAll(async () => {
    if (registry) await deleteFromRegistry(registry, `team/testbed/${p.name}-web`, tag).catch(() => undefined);
    await p.cleanup();
    await rm(dockerConfig, { recursive: true, force: true });
  });

  it('builds, tags and pushes under the manifests\' image names; refuses without credentials', async (ctx) => {
    if (!registry) return ctx.skip();
    const target = `${registry.address}/team`;
    const refused = await p.cli(['k8s', 'images', '--push', '--registry', target, '--image-tag', tag], { env: { DOCKER_CONFIG: join(dockerConfig, 'none') } });
    expect(refused.code).not.toBe(0);

    const pushed = await p.cli(['k8s', 'images', '--push', '--registry', target, '--image-tag', tag, '--json'], { env: { DOCKER_CONFIG: dockerConfig } });
    expect(pushed.code, pushed.stderr).toBe(0);
    const [image] = JSON.parse(pushed.stdout) as { image: string }[];
    expect(image!.image).toBe(`${target}/testbed/${p.name}-web:${tag}`);

    const auth = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
    const tags = await fetch(`http://${registry.address}/v2/team/testbed/${p.name}-web/tags/list`, { headers: { Authorization: auth } });
    expect(((await tags.json()) as { tags: string[] }).tags).toContain(tag);

    const rendered = await p.cli(['k8s', 'render', 'demo', '--registry', target, '--image-tag', tag]);
    expect(rendered.stdout).toContain(`image: ${image!.image}`);
  });
});
