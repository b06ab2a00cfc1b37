/**
 * Where and what a test or job runs: `service:` (exec in a running replica), `run:` (a new
 * container from a service's image) or `image:` (a new container from any image), with
 * command, environment, user, working_dir, timeout and, for new containers, bind mounts of
 * project files. The same keys for tests and jobs, so both read the same way in the file.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { Path } from '../config/config-tree.js';
import { asInteger } from '../config/schema/primitives.js';
import { runTarget } from '../config/schema/testbed.js';
import { parseDuration } from '../common/duration.js';
import { parseVolumeSpec } from '../config/syntax/volume.js';
import type { Diagnostics } from './diagnostics.js';
import { keyValueEntries } from './key-values.js';
import { nameList } from './name-list.js';
import { realPathInside } from './project-path.js';
import type { Project } from './project.js';
import type { RunTarget } from './x-testbed.js';

/** The keys, to spread into a test's schema: the same as a job's (config/schema/testbed.ts). */
export const commandFields = runTarget;

const commandObject = z.object(commandFields);
export type RawCommandFields = z.infer<typeof commandObject>;

export interface BindMountSpec {
  /** Absolute host path. */
  source: string;
  target: string;
  readOnly: boolean;
}

export interface CommandSpec {
  target: RunTarget;
  /** As written: a string is rendered as a template, then split like a shell would. */
  command?: string | string[];
  environment: Record<string, string>;
  user?: string;
  workingDir?: string;
  mounts: BindMountSpec[];
  /** When the file gives one; the caller applies its default. */
  timeoutMs?: number;
  /** The service it runs in or from, when a profile that is not enabled leaves it out. */
  inactiveService?: string;
}

/**
 * The argv of a command as written (after rendering): a list as it is, a string split as
 * Compose splits it (POSIX shell quoting, no expansion: `$VAR` stays for a shell to expand).
 */
export function commandArgv(command: string | string[]): string[] {
  return typeof command === 'string' ? splitCommand(command) : command;
}

/** shlex.split: quotes and backslashes as a POSIX shell reads them, and nothing else. */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      word += end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (ch === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        const next = text[i + 1];
        if (text[i] === '\\' && next !== undefined && '"\\$`'.includes(next)) i++;
        word += text[i];
      }
    } else if (ch === '\\') {
      word += text[++i] ?? '';
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Checks and normalises the command keys of one test or job at `at`.
 * Undefined when none of service/run/image is given (an http-only test, for example).
 */
export function normalizeCommandSpec(
  raw: RawCommandFields,
  at: Path,
  project: Pick<Project, 'directory' | 'services' | 'inactiveServices' | 'variables'>,
  diagnostics: Diagnostics,
): CommandSpec | undefined {
  const given = (['service', 'run', 'image'] as const).filter((k) => raw[k] !== undefined);
  if (given.length > 1) {
    diagnostics.keyError([...at, given[1]!], `give one of service:, run: or image:, not ${given.join(' and ')}`);
    return undefined;
  }
  const target = targetOf(raw, at, project, diagnostics);
  if (!target) {
    for (const key of ['command', 'environment', 'user', 'working_dir', 'mounts', 'replica'] as const) {
      if (raw[key] !== undefined) diagnostics.keyError([...at, key], 'needs service: (exec in it), run: (its image) or image:');
    }
    return undefined;
  }
  if (raw.replica !== undefined && target.kind !== 'exec') diagnostics.keyError([...at, 'replica'], 'goes with service: only');
  if (raw.mounts !== undefined && target.kind === 'exec') {
    diagnostics.keyError([...at, 'mounts'], 'goes with run: or image: (a running service keeps its own mounts)');
  }
  if (target.kind === 'exec' && raw.command === undefined) diagnostics.keyError([...at, 'service'], 'needs a command: to run in the service');

  const state = target.kind === 'image' ? 'active' : checkServiceName(target.service, [...at, target.kind === 'exec' ? 'service' : 'run'], project, diagnostics);
  const spec: CommandSpec = {
    ...(state === 'inactive' && target.kind !== 'image' ? { inactiveService: target.service } : {}),
    target,
    environment: environment(raw.environment, project.variables),
    mounts: (raw.mounts ?? []).flatMap((m, i) => bindMount(m, [...at, 'mounts', i], project.directory, diagnostics)),
  };
  if (raw.command !== undefined) spec.command = typeof raw.command === 'string' ? raw.command : raw.command.map(String);
  if (raw.user !== undefined) spec.user = String(raw.user);
  if (raw.working_dir !== undefined) spec.workingDir = raw.working_dir;
  const timeoutMs = durationMs(raw.timeout, [...at, 'timeout'], diagnostics);
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  return spec;
}

/** "30s", "2m", "1m30s" (the schema checked the syntax). */
export function durationMs(value: string | undefined, at: Path, diagnostics: Diagnostics): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value);
  if (parsed.ok && parsed.value > 0) return parsed.value;
  diagnostics.error(at, `"${value}" is not a duration of more than 0; expected something like "30s", "2m" or "1m30s"`);
  return undefined;
}

/**
 * Checks that a service named by a test or job is declared. One behind a profile that is not
 * enabled is no error: the test or job is skipped (see `inactive`), as the service is.
 */
export function checkServiceName(
  name: string,
  at: Path,
  project: Pick<Project, 'services' | 'inactiveServices'>,
  diagnostics: Diagnostics,
): 'active' | 'inactive' | 'unknown' {
  if (project.services[name]) return 'active';
  if (project.inactiveServices.includes(name)) return 'inactive';
  diagnostics.error(at, `service ${name} is not defined (services: ${nameList(Object.keys(project.services))})`);
  return 'unknown';
}

function targetOf(
  raw: RawCommandFields,
  at: Path,
  project: Pick<Project, 'services' | 'inactiveServices'>,
  diagnostics: Diagnostics,
): RunTarget | undefined {
  if (raw.service !== undefined) {
    return { kind: 'exec', service: raw.service, replica: asInteger(raw.replica) ?? 1 };
  }
  if (raw.run !== undefined) {
    return { kind: 'run', service: raw.run };
  }
  if (raw.image !== undefined) return { kind: 'image', image: raw.image };
  return undefined;
}

/** A key without a value takes the interpolation variable of that name (as Compose does), else "". */
function environment(raw: RawCommandFields['environment'], variables: Record<string, string>): Record<string, string> {
  return Object.fromEntries(keyValueEntries(raw).map(([key, value]) => [key, value ?? variables[key] ?? '']));
}

function bindMount(spec: string, at: Path, directory: string, diagnostics: Diagnostics): BindMountSpec[] {
  const parsed = parseVolumeSpec(spec);
  if (!parsed.ok || parsed.value.type !== 'bind') {
    const why = !parsed.ok && parsed.reason ? `: ${parsed.reason}` : '';
    diagnostics.error(at, `"${spec}" is not a bind mount of project files; expected "./PATH:/container/path[:ro]"${why}`);
    return [];
  }
  const { source, target, readOnly } = parsed.value;
  if (source.startsWith('~')) {
    diagnostics.error(at, `"${spec}": mount files of the project (a path relative to its directory), not of the home directory`);
    return [];
  }
  // Mounted by its real path, so the container gets what was checked here.
  const real = realPathInside(directory, isAbsolute(source) ? source : resolve(directory, source));
  if (real === undefined) {
    diagnostics.error(at, `"${spec}": ${source} is outside the project directory ${directory} (a path, or a symbolic link, leading out of it); mount project files only`);
    return [];
  }
  return [{ source: real, target, readOnly }];
}
