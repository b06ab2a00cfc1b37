/** Loads a project from files written to a temp directory, with a given environment (never the real one). */
import { ConfigError } from '../../../src/common/errors.js';
import { loadProject, type LoadOptions } from '../../../src/model/load-project.js';
import type { Project } from '../../../src/model/project.js';
import { tempFiles, type TempFiles } from '../config/temp-files.js';

export interface Loaded {
  project: Project;
  temp: TempFiles;
}

export async function loadFrom(files: Record<string, string>, options: LoadOptions = {}): Promise<Loaded> {
  const temp = await tempFiles(files);
  const project = await loadProject({ cwd: temp.dir, env: {}, ...options });
  return { project, temp };
}

/** The project of one compose.yaml. */
export async function projectOf(compose: string, options: LoadOptions = {}): Promise<Project> {
  return (await loadFrom({ 'compose.yaml': compose }, options)).project;
}

export async function loadErrorFrom(files: Record<string, string>, options: LoadOptions = {}): Promise<ConfigError> {
  const err = await loadFrom(files, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(err)}`);
  return err;
}
