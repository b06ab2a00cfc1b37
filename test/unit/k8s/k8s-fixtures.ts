/** Loading the examples and rendering them the same way every time (fixed clock and randomness). */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadProject } from '../../../src/model/load-project.js';
import type { Project } from '../../../src/model/project.js';
import { typedObject } from '../../../src/k8s/kube-kinds.js';
import type { KubeObject, PlainObject } from '../../../src/k8s/kube-object.js';
import type { ManifestOptions } from '../../../src/k8s/manifest-options.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'k8s');

export const FIXED: Pick<ManifestOptions, 'now' | 'random'> = { now: new Date('2026-01-02T03:04:05Z'), random: () => 0 };

export function loadExample(name: 'quickstart' | 'wikifarm', profiles: string[] = []): Promise<Project> {
  return loadProject({ files: [join(ROOT, 'examples', name, 'compose.yaml')], env: {}, profiles, cwd: ROOT });
}

/** Every document of a YAML stream as its typed model (throws on a kind Testbed does not render). */
export function typedDocuments(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJSON() as PlainObject | null)
    .filter((d): d is PlainObject => d !== null)
    .map(typedObject);
}

export function byKind<T extends { kind: string; metadata: { name: string } }>(objects: T[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** A project from Compose text in a fresh directory (with more files beside it, if given). */
export async function projectFromYaml(compose: string, files: Record<string, string> = {}, profiles: string[] = []): Promise<Project> {
  const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { dirname } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'testbed-k8s-'));
  await writeFile(join(dir, 'compose.yaml'), compose);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return loadProject({ files: [join(dir, 'compose.yaml')], env: {}, profiles, cwd: dir });
}

/** The parts of a rendered pod spec that tests look into. */
export type PodSpec = {
  containers: Record<string, any>[];
  initContainers?: Record<string, any>[];
  volumes?: Record<string, any>[];
  securityContext?: Record<string, unknown>;
  hostAliases?: unknown[];
  hostname?: string;
  terminationGracePeriodSeconds?: number;
};

/** The pod template of a Deployment or StatefulSet. */
export const podOf = (o: PlainObject) => (o as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
