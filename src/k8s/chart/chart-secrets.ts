/**
 * A chart's secrets as Helm expressions, filled in at install (see below); a set's secrets are
 * resolved by set-config/resolve-secrets.ts instead, as a Docker set's are.
 */
import type { SecretSource } from '../../model/x-testbed.js';
import type { SecretValue } from '../manifest-context.js';
import type { RenderWarnings } from '../render-warnings.js';
import type { Placeholders } from './placeholders.js';

/**
 * In a Helm chart a value cannot be random per object (Helm renders each template on its own,
 * so two objects would get two different passwords on the first install). Generated secrets are
 * therefore derived from one install-time seed (`--set-string secretSeed=...`): the same seed
 * gives the same values on every upgrade. Provided secrets become required chart values.
 */
export function chartSecretValues(sources: Record<string, SecretSource>, placeholders: Placeholders, warnings: RenderWarnings): Record<string, SecretValue> {
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
