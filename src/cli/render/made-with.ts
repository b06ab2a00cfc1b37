/** How a set was made (its recorded Compose files, env files and profiles), for `ls` and `status`. */
import { relative } from 'node:path';
import type { SetChoices } from '../../api/testbed.js';

/** Paths relative to the project directory where they are inside it, comma-separated. */
export function relativeList(paths: readonly string[], directory: string): string {
  return paths.map((p) => (relative(directory, p).startsWith('..') ? p : relative(directory, p))).join(',');
}

/** "set prod of project shop, made from compose.yaml,compose.prod.yaml in /src/shop; env files: .env.prod; profiles: debug" */
export function madeWithLine(set: string, project: string, made: SetChoices): string {
  const parts = [`set ${set} of project ${project}, made from ${relativeList(made.files, made.projectDirectory)} in ${made.projectDirectory}`];
  if (made.envFiles?.length) parts.push(`env files: ${relativeList(made.envFiles, made.projectDirectory)}`);
  parts.push(`profiles: ${made.profiles.join(',') || '(none)'}`);
  return parts.join('; ');
}
