/**
 * The values of a set's secrets: provided ones as given, generated ones random, derived ones
 * hashed from the secret they name. What a set already has is kept where `keep` says so (a Docker
 * set's folder, the Secrets in a cluster), so a database initialised with a password keeps
 * getting the same one. Every problem is reported together.
 */
import { randomInt } from 'node:crypto';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import type { SecretSource } from '../model/x-testbed.js';
import { deriveSecret, generateSecret } from './secret-values.js';

/**
 * The value a set already has for a generated or derived secret, if it is to be kept. For a
 * derived one `from` is the value it would be derived from now: a kept hash of another value is stale.
 */
export type KeptSecret = (name: string, source: Exclude<SecretSource, { kind: 'provided' }>, from?: string) => string | undefined;

export const keepNothing: KeptSecret = () => undefined;

export function resolveSecrets(
  sources: Record<string, SecretSource>,
  kept: KeptSecret = keepNothing,
  random: (max: number) => number = randomInt,
): Record<string, string> {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  const resolving: string[] = [];

  const resolve = (name: string): string | undefined => {
    if (values[name] !== undefined) return values[name];
    const source = sources[name];
    if (!source) return undefined;
    if (resolving.includes(name)) {
      issues.push({ message: `x-testbed.secrets.${name}: derives from itself through ${[...resolving.slice(resolving.indexOf(name)), name].join(' -> ')}` });
      return undefined;
    }
    resolving.push(name);
    let value: string | undefined;
    if (source.kind === 'provided') value = source.value;
    else if (source.kind === 'generate') value = kept(name, source) ?? generateSecret(source.length, source.alphabet, random);
    else {
      const from = resolve(source.from);
      if (from !== undefined) value = kept(name, source, from) ?? deriveSecret(source.hash, from);
      else if (!resolving.slice(0, -1).includes(source.from)) issues.push({ message: `x-testbed.secrets.${name}: secret ${source.from} has no value to derive it from` });
    }
    resolving.pop();
    if (value !== undefined) values[name] = value;
    return value;
  };

  for (const name of Object.keys(sources).sort()) resolve(name);
  if (issues.length > 0) throw new ConfigError(issues);
  return values;
}
