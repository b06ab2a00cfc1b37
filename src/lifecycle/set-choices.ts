/**
 * How a set was made: its project directory, Compose files, env files and profiles. Recorded on
 * create (in set.json, and as labels on its containers), they are what every later command on
 * the set loads the project with, so a bare `up prod` from any directory is the set `prod` was,
 * not whatever that directory would give. Value overrides are kept beside them (values.json).
 */
import { resolve } from 'node:path';
import { composeFileFromEnv } from '../config/discovery.js';
import type { Engine } from '../engine/engine.js';
import type { LoadOptions } from '../model/load-project.js';
import type { Project } from '../model/project.js';
import { LABEL, setSelector } from '../plan/labels.js';
import type { SetFolder } from './set-folder.js';

export interface SetChoices {
  /** Absolute. */
  projectDirectory: string;
  /** Absolute, in merge order. */
  files: string[];
  /** Absolute, in order; absent for a set recorded before env files were. */
  envFiles?: string[];
  profiles: string[];
}

export type ChoiceName = 'projectDirectory' | 'files' | 'envFiles' | 'profiles';

export interface ChoiceConflict {
  choice: ChoiceName;
  recorded: string[];
  given: string[];
}

export function choicesOf(project: Project): SetChoices {
  return { projectDirectory: project.directory, files: project.files, envFiles: project.envFiles, profiles: project.profiles };
}

/** The set's record in its folder; else the labels of its containers (a set made with another state folder). */
export async function recordedChoices(engine: Engine | undefined, folder: SetFolder): Promise<SetChoices | undefined> {
  const record = await folder.read();
  if (record?.projectDirectory && record.files?.length) {
    return {
      projectDirectory: record.projectDirectory,
      files: record.files,
      ...(record.envFiles ? { envFiles: record.envFiles } : {}),
      profiles: record.profiles ?? [],
    };
  }
  if (!engine) return undefined;
  const containers = await engine.listContainers(setSelector(folder.project, folder.set));
  return choicesFromLabels(containers.find((c) => c.labels[LABEL.configFiles] && c.labels[LABEL.run] === undefined)?.labels);
}

/** The choices a container of the set carries in its labels. */
export function choicesFromLabels(labels: Record<string, string> | undefined): SetChoices | undefined {
  const directory = labels?.[LABEL.projectDirectory];
  if (!labels || !directory) return undefined;
  const list = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);
  return {
    projectDirectory: directory,
    files: list(labels[LABEL.configFiles]),
    envFiles: list(labels[LABEL.envFiles]),
    profiles: list(labels[LABEL.profiles]),
  };
}

/**
 * The choices this command makes, paths absolute: -f or COMPOSE_FILE, --env-file, --profile or
 * COMPOSE_PROFILES, --project-directory. The environment counts: it is how users choose too.
 */
export function givenChoices(options: LoadOptions): Partial<SetChoices> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const files = options.files?.length ? options.files : composeFileFromEnv(env);
  const profiles = options.profiles?.length ? options.profiles : env.COMPOSE_PROFILES?.split(',');
  const given: Partial<SetChoices> = {};
  if (options.projectDirectory) given.projectDirectory = resolve(cwd, options.projectDirectory);
  if (files?.length) given.files = files.map((f) => resolve(cwd, f));
  if (options.envFiles?.length) given.envFiles = options.envFiles.map((f) => resolve(cwd, f));
  const named = normalProfiles(profiles ?? []);
  if (named.length) given.profiles = named;
  return given;
}

/** Each given choice that differs from the recorded one. Profiles are a set; files and env files keep their order. */
export function choiceConflicts(given: Partial<SetChoices>, recorded: SetChoices): ChoiceConflict[] {
  const out: ChoiceConflict[] = [];
  const check = (choice: ChoiceName, a: string[] | undefined, b: string[] | undefined) => {
    if (a === undefined || b === undefined || sameList(a, b)) return;
    out.push({ choice, recorded: b, given: a });
  };
  check('projectDirectory', given.projectDirectory === undefined ? undefined : [given.projectDirectory], [recorded.projectDirectory]);
  check('files', given.files, recorded.files);
  check('envFiles', given.envFiles, recorded.envFiles);
  check('profiles', given.profiles && normalProfiles(given.profiles), normalProfiles(recorded.profiles));
  return out;
}

export function sameChoices(a: SetChoices, b: SetChoices): boolean {
  return (
    a.projectDirectory === b.projectDirectory &&
    sameList(a.files, b.files) &&
    sameList(a.envFiles ?? [], b.envFiles ?? []) &&
    sameList(normalProfiles(a.profiles), normalProfiles(b.profiles))
  );
}

/** Load options that make the project exactly as recorded (env files not recorded: as this command gives or finds them). */
export function replayOptions(recorded: SetChoices, base: LoadOptions, projectName: string): LoadOptions {
  return {
    ...base,
    projectName,
    projectDirectory: recorded.projectDirectory,
    files: recorded.files,
    envFiles: recorded.envFiles ?? base.envFiles,
    profiles: recorded.profiles,
  };
}

const LABELS: Record<ChoiceName, string> = {
  projectDirectory: 'project directory',
  files: 'Compose files',
  envFiles: 'env files',
  profiles: 'profiles',
};

/** "  Compose files: recorded a.yaml, b.yaml\n                 given    a.yaml" for each conflict. */
export function describeConflicts(conflicts: ChoiceConflict[]): string {
  const show = (list: string[]) => (list.length ? list.join(', ') : '(none)');
  const width = Math.max(...conflicts.map((c) => LABELS[c.choice].length)) + 1;
  return conflicts
    .map((c) => {
      const label = `${LABELS[c.choice]}:`.padEnd(width);
      return `  ${label} recorded ${show(c.recorded)}\n  ${' '.repeat(width)} given    ${show(c.given)}`;
    })
    .join('\n');
}

function normalProfiles(profiles: readonly string[]): string[] {
  return [...new Set(profiles.map((p) => p.trim()).filter(Boolean))].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
