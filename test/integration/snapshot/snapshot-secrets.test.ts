/**
 * What a snapshot carries of a set's secrets: its generated secrets in the data image's
 * /testbed/set/secrets.json, on purpose, and nothing else anywhere. Every layer and every
 * configuration of an exported and of a pushed snapshot is searched for each secret value
 * (generated, given through the environment, rendered into a template), and a set made from
 * the snapshot still gets all of them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedSet } from '../../../src/api/testbed-set.js';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { deleteFromRegistry, dockerConfigFor, rawImage, registryImage, removeSnapshots, testRegistry } from '../../support/snapshots.js';

const COMPOSE = `
x-testbed:
  secrets:
    token: { generate: { length: 24 } }
    api_key: { environment: TB_SNAP_API_KEY }
configs:
  app_conf:
    file: ./app.conf.liquid
services:
  app:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
    secrets: [token, api_key]
    configs: [ { source: app_conf, target: /etc/app.conf } ]
    volumes: ["data:/data"]
    x-testbed:
      secret_environment: { TOKEN: token, API_KEY: api_key }
  cache:
    image: busybox:latest
    command: ["sh", "-c", "echo cached > /cache/kept; exec sleep 3600"]
    stop_signal: SIGKILL
    secrets: [ { source: token, target: /etc/token, mode: 0400 } ]
    volumes: ["/cache"]
    x-testbed:
      secret_environment: { TOKEN: token }
volumes:
  data: {}
`;

const API_KEY = 'api-key-given-through-the-environment-5c1e';
const SERVICES = ['app', 'cache'];
const sh = (cmd: string) => ['sh', '-c', cmd];

/** Where each value occurs in a tar: "entry", or "entry!inner" inside the tars (gzip ones too) it holds. */
async function placesIn(tar: Buffer, values: Record<string, string>, prefix = ''): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = Object.fromEntries(Object.keys(values).map((k) => [k, []]));
  const parser = extract();
  const entries: { name: string; link: string; content: Buffer }[] = [];
  parser.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c) => chunks.push(c as Buffer));
    stream.on('end', () => {
      entries.push({ name: header.name, link: header.linkname ?? '', content: Buffer.concat(chunks) });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve);
    parser.on('error', reject);
    Readable.from([tar]).pipe(parser);
  });
  for (const entry of entries) {
    const where = `${prefix}${entry.name}`;
    const inner = asTar(entry.content);
    if (inner) {
      const nested = await placesIn(inner, values, `${where}!`);
      for (const key of Object.keys(values)) found[key]!.push(...nested[key]!);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if (entry.content.includes(value) || where.includes(value) || entry.link.includes(value)) found[key]!.push(where);
    }
  }
  return found;
}

/** The tar in a buffer (plain or gzip), if it is one. */
function asTar(data: Buffer): Buffer | undefined {
  const plain = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
  return plain.length >= 512 && plain.subarray(257, 262).toString('latin1') === 'ustar' ? plain : undefined;
}

describe.skipIf(skipWithoutEngine)('secrets and snapshots', () => {
  let p: TempProject;
  let base: TestbedSet;
  let secrets: Record<string, string>;
  let work: string;

  beforeAll(async () => {
    process.env.TB_SNAP_API_KEY = API_KEY;
    p = await tempProject('snapsec', COMPOSE);
    await p.write('app.conf.liquid', 'rendered-token={{ secrets.token }}\nrendered-key={{ secrets.api_key }}\n');
    work = await mkdtemp(join(tmpdir(), 'testbed-snapsec-'));
    base = await p.set('base');
    await base.up();
    const token = (await base.secrets({ reveal: true })).find((s) => s.name === 'token')!.value;
    secrets = { token, apiKey: API_KEY, renderedTemplate: `rendered-token=${token}` };
    const taken = await p.cli(['snapshot', 'base', 's1']);
    expect(taken.code, taken.stderr).toBe(0);
  });
  afterAll(async () => {
    await p.cleanup();
    await removeSnapshots(p.name);
    await rm(work, { recursive: true, force: true });
  });

  /** Generated secrets are in the data image's secrets.json only; the others nowhere. */
  function expectOnlyInSetFiles(found: Record<string, string[]>): void {
    expect(found.token!.length).toBeGreaterThan(0);
    expect(found.token!.filter((where) => !where.endsWith('testbed/set/secrets.json'))).toEqual([]);
    expect(found.apiKey).toEqual([]);
    expect(found.renderedTemplate).toEqual([]);
  }

  it('the service images hold no secret in their configuration, container_config included, nor do the images they are made on', async () => {
    for (const service of SERVICES) {
      // Each image and its parents on this engine, down to the image the service was made from.
      for (let ref: string | undefined = `testbed-snapshot/${p.name}:s1.${service}`; ref; ) {
        const image = await rawImage(ref);
        const raw = JSON.stringify(image);
        for (const value of Object.values(secrets)) expect(raw, `${service}: image ${image.Id}`).not.toContain(value);
        ref = image.Parent || undefined;
      }
    }
  });

  it('an exported snapshot holds the generated secrets only in its secrets.json, in no other layer or configuration', async () => {
    const file = join(work, 's1.tar');
    const exported = await p.cli(['snapshot', 'export', 's1', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expectOnlyInSetFiles(await placesIn(await readFile(file), secrets));
  });

  describe('through a registry', () => {
    const registry = skipWithoutEngine ? undefined : testRegistry();
    const repository = `testbed-test/${uniqueName('sec')}`;
    let dockerConfig: string;

    beforeAll(async () => {
      dockerConfig = await dockerConfigFor(registry);
    });
    afterAll(async () => {
      if (registry) for (const tag of ['v1', ...SERVICES.map((s) => `v1.${s}`)]) await deleteFromRegistry(registry, repository, tag).catch(() => undefined);
      await rm(dockerConfig, { recursive: true, force: true });
    });

    it.skipIf(!registry)('a pushed snapshot holds the generated secrets only in its secrets.json, in no other layer or configuration', async () => {
      const pushed = await p.cli(['snapshot', 'push', 's1', `${registry!.address}/${repository}:v1`], { env: { DOCKER_CONFIG: dockerConfig } });
      expect(pushed.code, pushed.stderr).toBe(0);
      const found: Record<string, string[]> = Object.fromEntries(Object.keys(secrets).map((k) => [k, []]));
      for (const tag of ['v1', ...SERVICES.map((s) => `v1.${s}`)]) {
        const image = await registryImage(registry!, repository, tag);
        for (const [key, value] of Object.entries(secrets)) if (image.config.includes(value)) found[key]!.push(`${tag} config`);
        for (const layer of image.layers) {
          const inLayer = await placesIn(gunzipSync(layer.blob), secrets, `${tag} ${layer.digest}!`);
          for (const key of Object.keys(secrets)) found[key]!.push(...inLayer[key]!);
        }
      }
      expectOnlyInSetFiles(found);
    });
  });

  it('a set made from the snapshot gets every secret again: files, environment and rendered templates', async () => {
    const copy = await p.set('copy');
    await copy.up({ from: 's1' });
    const app = await copy.exec('app', sh('cat /run/secrets/token; echo; cat /run/secrets/api_key; echo; echo "$TOKEN $API_KEY"; cat /etc/app.conf'));
    expect(app.stdout).toBe(`${secrets.token}\n${API_KEY}\n${secrets.token} ${API_KEY}\nrendered-token=${secrets.token}\nrendered-key=${API_KEY}\n`);
    const cache = await copy.exec('cache', sh('cat /etc/token; echo; echo $TOKEN; cat /cache/kept'));
    expect(cache.stdout).toBe(`${secrets.token}\n${secrets.token}\ncached\n`);
  });

  it('the set a snapshot is taken of keeps its files, also with --pause, and its next snapshot is as clean', async () => {
    const taken = await p.cli(['snapshot', 'base', 's2', '--pause']);
    expect(taken.code, taken.stderr).toBe(0);
    const app = await base.exec('app', sh('cat /run/secrets/token; echo; cat /etc/app.conf'));
    expect(app.stdout).toBe(`${secrets.token}\nrendered-token=${secrets.token}\nrendered-key=${API_KEY}\n`);
    const file = join(work, 's2.tar');
    expect((await p.cli(['snapshot', 'export', 's2', file])).code).toBe(0);
    expectOnlyInSetFiles(await placesIn(await readFile(file), secrets));
  });
});
