/**
 * Reads what static checks need from disk: each Compose file parsed as written (no
 * interpolation) and the Dockerfiles of built services. A file that cannot be read is left
 * out; loading the project has already said what is wrong with it.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseYaml } from '../../config/parse-yaml.js';
import type { Project } from '../project.js';
import type { RawFile, StaticInput } from './static-input.js';

export async function readStaticInput(project: Project, cwd: string = process.cwd()): Promise<StaticInput> {
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') ? path : rel;
  };
  const files: RawFile[] = await Promise.all(
    project.files.map(async (path) => {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      const root = text === undefined ? undefined : parseYaml(text, display(path)).root;
      return { path, display: display(path), ...(root ? { root } : {}) };
    }),
  );
  const dockerfiles: StaticInput['dockerfiles'] = {};
  for (const service of Object.values(project.services)) {
    if (!service.build) continue;
    const path = join(service.build.context, service.build.dockerfile);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) dockerfiles[service.name] = { path: display(path), text };
  }
  return { project, files, dockerfiles };
}
