/**
 * The values of a set's secrets, made at render time: generated ones are random (or kept from
 * the cluster, so a database password does not change under its data), derived ones are hashed
 * from another secret, provided ones were read from the environment or a file.
 */
import { deriveSecret, generateSecret } from '../../set-config/secret-values.js';
import { ConfigError, type ConfigIssue } from '../../common/errors.js';
import type { Placeholders } from './placeholders.js';
import type { ResolvedOptions } from '../manifest-options.js';
import type { RenderWarnings } from '../render-warnings.js';
import type { SecretSource } from '../manifest-inputs.js';

export interface SecretValue {
  value: string;
  source: SecretSource['kind'];
}

export function secretValues(sources: Record<string, SecretSource>, options: ResolvedOptions, warnings: RenderWarnings): Record<string, SecretValue> {
  if (options.placeholders) return chartSecretValues(sources, options.placeholders, warnings);
  const out: Record<string, SecretValue> = {};
  const issues: ConfigIssue[] = [];
  const resolving = new Set<string>();

  const resolveOne = (name: string): string | undefined => {
    if (out[name]) return out[name].value;
    const source = sources[name];
    if (!source) return undefined;
    if (resolving.has(name)) {
      issues.push({ message: `x-testbed.secrets.${name}: derives from itself (a cycle)` });
      return undefined;
    }
    resolving.add(name);
    const existing = options.existingSecrets[name];
    let value: string | undefined;
    if (source.kind === 'generate') value = existing ?? generateSecret(source.length, source.alphabet, options.random);
    else if (source.kind === 'provided') value = source.value;
    else {
      const from = resolveOne(source.from);
      // bcrypt salts at random: a kept hash still verifies, a new one would only churn the Secret.
      if (from !== undefined) value = source.hash === 'bcrypt' ? (existing ?? deriveSecret('bcrypt', from)) : deriveSecret(source.hash, from);
    }
    resolving.delete(name);
    if (value !== undefined) out[name] = { value, source: source.kind };
    return value;
  };

  for (const name of Object.keys(sources).sort()) resolveOne(name);
  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}

/**
 * In a Helm chart a value cannot be random per object (Helm renders each template on its own,
 * so two objects would get two different passwords on the first install). Generated secrets are
 * therefore derived from one install-time seed (`--set-string secretSeed=...`): the same seed
 * gives the same values on every upgrade. Provided secrets become required chart values.
 */
function chartSecretValues(sources: Record<string, SecretSource>, placeholders: Placeholders, warnings: RenderWarnings): Record<string, SecretValue> {
  const expressions: Record<string, string> = {};
  const seed = 'required "install with --set-string secretSeed=<random text>, and keep it for upgrades" .Values.secretSeed';
  const expressionOf = (name: string, depth = 0): string => {
    const known = expressions[name];
    if (known) return known;
    const source = sources[name];
    const path = `x-testbed.secrets.${name}`;
    let expression: string;
    if (!source || depth > 10) expression = `required "no secret ${name}" nil`;
    else if (source.kind === 'generate') {
      if (source.alphabet !== 'hex' || source.length > 64) {
        warnings.add(path, `in the Helm chart the value is ${Math.min(source.length, 64)} hex characters derived from secretSeed (not ${source.length} of ${source.alphabet})`);
      }
      expression = `printf "%s/%s" (${seed}) ${JSON.stringify(name)} | sha256sum | trunc ${Math.min(source.length, 64)}`;
    } else if (source.kind === 'derive') {
      expression = `(${expressionOf(source.from, depth + 1)}) | ${source.hash === 'bcrypt' ? 'bcrypt' : `${source.hash}sum`}`;
      if (source.hash === 'bcrypt') warnings.add(path, 'in the Helm chart the bcrypt hash gets a new salt on every upgrade (it still verifies)');
    } else {
      expression = `required "install with --set-string secrets.${name}=..." (index .Values.secrets ${JSON.stringify(name)})`;
    }
    expressions[name] = expression;
    return expression;
  };
  const out: Record<string, SecretValue> = {};
  for (const name of Object.keys(sources).sort()) out[name] = { value: placeholders.token(expressionOf(name)), source: sources[name]!.kind };
  return out;
}
