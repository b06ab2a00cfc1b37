/**
 * Cleanup of snapshots a test took, pulled or imported (found by the project label they carry,
 * under any reference), of helper containers a failed snapshot left, and a local registry for
 * push/pull tests (scripts/registry-setup.sh, on a loopback address).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { SNAPSHOT_LABEL } from '../../src/plan/snapshot-names.js';
import { HELPER_LABEL } from '../../src/plan/snapshot-specs.js';

const docker = new Docker();

/** Removes every image reference of the project's snapshots, their data volumes, and leftover helper containers. */
export async function removeSnapshots(project: string): Promise<void> {
  const helpers = await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } });
  for (const c of helpers.filter((h) => (h.Names[0] ?? '').startsWith(`/${project}-`))) {
    await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  const images = await docker.listImages({ filters: { label: [`${SNAPSHOT_LABEL.project}=${project}`] } });
  // Data images first: service images are never their parents, so any order works; tags go one by one.
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) if (tag !== '<none>:<none>') await docker.getImage(tag).remove().catch(() => undefined);
    await docker.getImage(image.Id).remove().catch(() => undefined);
  }
  const { Volumes: volumes } = await docker.listVolumes({ filters: { label: [`${SNAPSHOT_LABEL.project}=${project}`] } });
  for (const volume of volumes ?? []) await docker.getVolume(volume.Name).remove().catch(() => undefined);
}

/** The raw configuration of an image, as `docker image inspect` shows it. */
export async function rawImage(ref: string): Promise<Docker.ImageInspectInfo> {
  return docker.getImage(ref).inspect();
}

/** Replaces one file inside the snapshot's data image, keeping its reference: a tampered snapshot. */
export async function tamperDataImage(ref: string, path: string, content: string): Promise<void> {
  const { pack } = await import('tar-stream');
  const { Readable } = await import('node:stream');
  const c = await docker.createContainer({ Image: ref, Labels: { 'dev.testbed.test': 'tamper' } });
  try {
    const tar = pack();
    tar.entry({ name: path.replace(/^\//, ''), mode: 0o600, uid: 0, gid: 0 }, content);
    tar.finalize();
    await c.putArchive(Readable.from(tar) as unknown as string, { path: '/' });
    const [repo, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
    await c.commit({ repo, tag });
  } finally {
    await c.remove({ force: true });
  }
}

export interface TestRegistry {
  /** host:port */
  address: string;
  user: string;
  password: string;
}

/**
 * The local registry, started when needed (root and apt are needed the first time). Undefined
 * when it cannot be had; with CI=true that is an error, as for the engine.
 */
export function testRegistry(): TestRegistry | undefined {
  try {
    const envFile = execFileSync('bash', [join(import.meta.dirname, '..', '..', 'scripts', 'registry-setup.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    }).trim();
    const vars = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { address: vars.TESTBED_TEST_REGISTRY!, user: vars.TESTBED_TEST_REGISTRY_USER!, password: vars.TESTBED_TEST_REGISTRY_PASSWORD! };
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`CI=true and the test registry cannot be started: ${(err as Error).message}`);
    return undefined;
  }
}

/** Deletes a repository's tag from the registry (its manifest; the registry's own GC frees the blobs). */
export async function deleteFromRegistry(registry: TestRegistry, repository: string, tag: string): Promise<void> {
  const auth = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
  const base = `http://${registry.address}/v2/${repository}/manifests`;
  const head = await fetch(`${base}/${tag}`, {
    method: 'HEAD',
    headers: { Authorization: auth, Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    signal: AbortSignal.timeout(5000),
  });
  const digest = head.headers.get('docker-content-digest');
  if (!head.ok || !digest) return;
  await fetch(`${base}/${digest}`, { method: 'DELETE', headers: { Authorization: auth }, signal: AbortSignal.timeout(5000) });
}

/** A pushed image as the registry holds it: its config blob and its layer blobs (as stored: gzip). */
export async function registryImage(registry: TestRegistry, repository: string, tag: string): Promise<{ config: Buffer; layers: { digest: string; blob: Buffer }[] }> {
  const headers = { Authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}` };
  const get = async (path: string, accept?: string) => {
    const res = await fetch(`http://${registry.address}/v2/${repository}/${path}`, {
      headers: { ...headers, ...(accept ? { Accept: accept } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`registry ${path}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  const manifest = JSON.parse((await get(`manifests/${tag}`, 'application/vnd.docker.distribution.manifest.v2+json')).toString('utf8')) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  const layers = [];
  for (const layer of manifest.layers) layers.push({ digest: layer.digest, blob: await get(`blobs/${layer.digest}`) });
  return { config: await get(`blobs/${manifest.config.digest}`), layers };
}

/** A DOCKER_CONFIG folder whose config.json has the registry's credentials, as `docker login` writes them. */
export async function dockerConfigFor(registry: TestRegistry | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-docker-config-'));
  if (!registry) return dir;
  const auth = Buffer.from(`${registry.user}:${registry.password}`).toString('base64');
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [`http://${registry.address}`]: { auth } } }), { mode: 0o600 });
  return dir;
}
