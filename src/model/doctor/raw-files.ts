/**
 * Reads what static checks need from disk: each Compose file parsed as written (no
 * interpolation) and the Dockerfiles of built services. Files the named ones bring in with
 * `include` and `extends.file` are read too, so that a key written there is seen where the
 * loader sees it. Paths written with variables are interpolated as the loader does, from the
 * environment and the project's env files (an include's own env_file is not applied to the files
 * it brings in: a path that depends on one is read as the project's variables make it). A file
 * that cannot be read is left out; loading the project has already said what is wrong with it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { nodeAt, type ConfigNode } from '../../config/config-tree.js';
import { readEnvFiles } from '../../config/env-file.js';
import { interpolate, lookupIn, type VariableLookup } from '../../config/interpolate.js';
import { parseYaml } from '../../config/parse-yaml.js';
import type { Project } from '../project.js';
import type { RawFile, StaticInput } from './static-input.js';

/** Bound on the files read through include and extends (the loader has its own ReadBudget). */
const MAX_FILES = 200;

export async function readStaticInput(project: Project, cwd: string = process.cwd(), env: Record<string, string | undefined> = process.env): Promise<StaticInput> {
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') ? path : rel;
  };
  const read = async (path: string, base: string, origin: RawFile['origin'], owner: string): Promise<RawFile> => {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    const root = text === undefined ? undefined : parseYaml(text, display(path)).root;
    return { path, display: display(path), base, origin, owner, ...(root ? { root } : {}) };
  };
  const files: RawFile[] = await Promise.all(project.files.map((path) => read(path, project.directory, 'named', path)));
  // The real environment wins over the env files, as when loading.
  const fromFiles = await readEnvFiles(project.envFiles.map((path) => ({ path, display: display(path) })), lookupIn(env));
  const lookup = lookupIn(env, fromFiles.values);
  const pathOf = (written: string) => interpolated(written, lookup);

  // Breadth first over include and extends.file, each file once.
  const seen = new Set(files.map((f) => f.path));
  const queue = [...files];
  const extra: RawFile[] = [];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift()!;
    for (const ref of referencedFiles(file, pathOf)) {
      if (seen.has(ref.path) || seen.size >= MAX_FILES) continue;
      seen.add(ref.path);
      const next = await read(ref.path, ref.base, ref.origin, file.owner);
      extra.push(next);
      queue.push(next);
    }
  }

  const dockerfiles: StaticInput['dockerfiles'] = {};
  for (const service of Object.values(project.services)) {
    if (!service.build) continue;
    if (service.build.dockerfileInline !== undefined) {
      dockerfiles[service.name] = { path: `services.${service.name}.build.dockerfile_inline`, text: service.build.dockerfileInline };
      continue;
    }
    const path = join(service.build.context, service.build.dockerfile);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) dockerfiles[service.name] = { path: display(path), text };
  }
  return { project, files, extraFiles: extra, dockerfiles, pathOf };
}

interface FileReference {
  path: string;
  base: string;
  origin: RawFile['origin'];
}

/** The Compose files a file names: `include` entries and services' `extends.file`, resolved from its folder. */
function referencedFiles(file: RawFile, pathOf: StaticInput['pathOf']): FileReference[] {
  const dir = dirname(file.path);
  const text = (n: ConfigNode | undefined) => (n?.kind === 'scalar' && typeof n.value === 'string' ? pathOf(n.value) : undefined);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const out: FileReference[] = [];
  const include = nodeAt(file.root, ['include']);
  if (include?.kind === 'sequence') {
    for (const item of include.items) {
      const pathNode = item.kind === 'mapping' ? nodeAt(item, ['path']) : item;
      const paths = (pathNode?.kind === 'sequence' ? pathNode.items.map(text) : [text(pathNode)]).filter((p): p is string => p !== undefined).map(at);
      if (paths.length === 0) continue;
      const projectDirectory = item.kind === 'mapping' ? text(nodeAt(item, ['project_directory'])) : undefined;
      const base = projectDirectory !== undefined ? at(projectDirectory) : dirname(paths[0]!);
      out.push(...paths.map((path) => ({ path, base, origin: 'included' as const })));
    }
  }
  const services = nodeAt(file.root, ['services']);
  if (services?.kind === 'mapping') {
    for (const { value } of services.entries.values()) {
      const target = text(nodeAt(value, ['extends', 'file']));
      if (target !== undefined) out.push({ path: at(target), base: dirname(at(target)), origin: 'extended' });
    }
  }
  return out;
}

/** A path as the loader reads it; undefined when empty or its interpolation fails (the loader said why). */
function interpolated(text: string, lookup: VariableLookup): string | undefined {
  try {
    return (text.includes('$') ? interpolate(text, lookup).value : text) || undefined;
  } catch {
    return undefined;
  }
}
