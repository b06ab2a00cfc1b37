/**
 * Configs and secrets of a set, made ready on the host before any container starts:
 * read, rendered when they are templates, and written to the set's folder (0600). The
 * containers get them copied in before each start (see inject-files.ts), with the
 * uid, gid and mode the file asks for.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { readTextFile } from '../../config/read-text.js';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { relative } from 'node:path';
import { ConfigError } from '../../common/errors.js';
import type { FileObject, FileReference, Project } from '../../model/project.js';
import type { MaterialisedFile } from '../../plan/mounts.js';
import { renderTemplate, type TemplateContext } from '../../set-config/template-render.js';
import type { SetFolder } from '../set-folder.js';

/** Compose's default for configs and secrets: readable by any user of the container. */
const DEFAULT_MODE = 0o444;

export interface RenderedConfig {
  name: string;
  content: string;
  template: boolean;
}

async function sourceText(project: Project, kind: 'configs' | 'secrets', entry: FileObject): Promise<string> {
  if (entry.content !== undefined) return entry.content;
  if (entry.value !== undefined) return entry.value;
  if (entry.file !== undefined) {
    try {
      return await readTextFile(entry.file);
    } catch {
      throw new ConfigError([{ message: `${kind}.${entry.name}: cannot read ${entry.file}` }], {
        hint: `Create the file, or change ${kind}.${entry.name}.file in ${project.files[0]}.`,
      });
    }
  }
  throw new ConfigError([{ message: `${kind}.${entry.name} is external; external ${kind} exist only in Docker Swarm` }]);
}

/** Every config the set's services use, rendered for this set (for `testbed render` too). */
export async function renderConfigs(project: Project, context: TemplateContext, only?: string[]): Promise<RenderedConfig[]> {
  const used = new Set(
    Object.values(project.services)
      .filter((s) => !only || only.includes(s.name))
      .flatMap((s) => s.configs.map((c) => c.source)),
  );
  const out: RenderedConfig[] = [];
  for (const name of [...used].sort()) {
    const entry = project.configs[name]!;
    const text = await sourceText(project, 'configs', entry);
    if (!entry.template) {
      out.push({ name, content: text, template: false });
      continue;
    }
    const where = entry.file ? { file: relative(project.directory, entry.file) } : entry.contentPosition ? { origin: entry.contentPosition } : {};
    out.push({ name, content: await renderTemplate({ name: `configs.${name}`, text, directory: project.directory, ...where }, context), template: true });
  }
  return out;
}


function numericId(value: string | undefined, what: string, where: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) {
    throw new ConfigError([{ message: `${where}: ${what} "${value}" is not a number; Testbed copies files in with numeric ids` }]);
  }
  return Number(value);
}

function materialised(hostPath: string, content: string, ref: FileReference, where: string): MaterialisedFile {
  return {
    hostPath,
    target: ref.target,
    mode: ref.mode ?? DEFAULT_MODE,
    uid: numericId(ref.uid, 'uid', where),
    gid: numericId(ref.gid, 'gid', where),
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** Writes the set's configs and secrets to its folder; service -> files to give its containers. */
export async function writeSetFiles(
  folder: SetFolder,
  project: Project,
  configs: RenderedConfig[],
  secrets: Record<string, string>,
): Promise<Record<string, MaterialisedFile[]>> {
  await mkdir(folder.file('files', 'configs'), { recursive: true, mode: 0o700 });
  await mkdir(folder.file('files', 'secrets'), { recursive: true, mode: 0o700 });
  for (const config of configs) await writeFileAtomic(folder.file('files', 'configs', config.name), config.content);
  const usedSecrets = new Set(Object.values(project.services).flatMap((s) => s.secrets.map((r) => r.source)));
  for (const name of usedSecrets) {
    if (secrets[name] === undefined) throw new ConfigError([{ message: `secret ${name} has no value` }]);
    await writeFileAtomic(folder.file('files', 'secrets', name), secrets[name]);
  }
  return setFileList(folder, project, configs, secrets);
}

/** What writeSetFiles writes, service by service, without writing anything (to compare a set with its file). */
export function setFileList(
  folder: SetFolder,
  project: Project,
  configs: RenderedConfig[],
  secrets: Record<string, string>,
): Record<string, MaterialisedFile[]> {
  const byName = new Map(configs.map((c) => [c.name, c]));
  const out: Record<string, MaterialisedFile[]> = {};
  for (const service of Object.values(project.services)) {
    const files = [
      ...service.configs.map((ref) =>
        materialised(folder.file('files', 'configs', ref.source), byName.get(ref.source)!.content, ref, `services.${service.name}.configs`),
      ),
      ...service.secrets.map((ref) =>
        materialised(folder.file('files', 'secrets', ref.source), secrets[ref.source]!, ref, `services.${service.name}.secrets`),
      ),
    ];
    if (files.length > 0) out[service.name] = files;
  }
  return out;
}
