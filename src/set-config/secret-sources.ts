/**
 * Every secret a set has, and where its value comes from: Testbed's own (x-testbed.secrets, and
 * Compose secrets marked generate or derive) and the Compose secrets given as content, by an
 * environment variable or in a file. Files are read here, each time, as `up` and `apply` read them.
 */
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { readTextFile } from '../config/read-text.js';
import type { Project } from '../model/project.js';
import type { SecretSource } from '../model/x-testbed.js';

/** A value the file gives wins over a generate or derive mark on the same Compose secret. */
export async function setSecretSources(project: Project): Promise<Record<string, SecretSource>> {
  const given: Record<string, SecretSource> = {};
  const issues: ConfigIssue[] = [];
  for (const [name, entry] of Object.entries(project.secrets)) {
    if (entry.external) continue;
    if (entry.content !== undefined) given[name] = { kind: 'provided', from: 'content', value: entry.content };
    else if (entry.value !== undefined) given[name] = { kind: 'provided', from: `environment variable ${entry.environment}`, value: entry.value };
    else if (entry.file !== undefined) {
      try {
        given[name] = { kind: 'provided', from: `file ${entry.file}`, value: await readTextFile(entry.file) };
      } catch (err) {
        issues.push({ message: `secrets.${name}: cannot read ${entry.file}: ${(err as Error).message}` });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, { hint: 'Create the files, or change secrets.NAME.file.' });
  return { ...project.secretSources, ...given };
}

/** Where a secret comes from, in a few words (`testbed secrets`). */
export function secretOrigin(source: SecretSource): string {
  if (source.kind === 'provided') return source.from;
  return source.kind === 'derive' ? `${source.hash} of ${source.from}` : 'generated';
}
