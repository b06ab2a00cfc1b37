/**
 * III Config: a credential written into the file (`DB_PASSWORD: hunter2`) is the same in every
 * environment and sits in the repository. Names that say PASSWORD, SECRET, TOKEN, KEY... with a
 * literal value fail; a value from the environment (`${DB_PASSWORD}`) or a set secret
 * (x-testbed secret_environment) passes, and so does a `*_FILE` path to a secret file.
 */
import { finding, type StaticCheck } from '../check.js';
import { masked, where, writtenEnvironment } from '../static-input.js';

export const CREDENTIAL_NAME = /(^|_)(PASS|PASSWORD|PASSWD|PWD|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?|SALT|PRIVATE)(_|$)/i;

/** Values that say how to find a credential, or switch something, rather than being one. */
const NOT_A_CREDENTIAL = /^(|true|false|yes|no|on|off|0|1|none|null)$/i;
const POINTS_ELSEWHERE = /(_FILE|_PATH|_DIR|_LENGTH|_NAME|_USER|_ID)$/i;

/** `${VAR:-default}` / `${VAR-default}`: the default, when it is a literal. */
function literalDefault(text: string): string | undefined {
  const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}$/.exec(text.trim());
  return m && !m[1]!.includes('$') ? m[1] : undefined;
}

export const literalCredentials: StaticCheck = {
  id: 'config.literal-credentials',
  factor: 'config',
  title: 'credentials written as literal values in `environment`',
  run(input, service) {
    const literal: string[] = [];
    const defaults: string[] = [];
    const safe: string[] = [];
    for (const v of writtenEnvironment(input, service.name)) {
      if (!CREDENTIAL_NAME.test(v.name) || POINTS_ELSEWHERE.test(v.name)) continue;
      if (service.secretEnvironment[v.name]) {
        safe.push(`${v.name} (set secret ${service.secretEnvironment[v.name]})`);
        continue;
      }
      const text = v.text ?? '';
      if (NOT_A_CREDENTIAL.test(text.trim())) continue;
      if (text.includes('$')) {
        const fallback = literalDefault(text);
        const used = service.environment[v.name];
        if (fallback !== undefined && fallback !== '' && used === fallback) defaults.push(`${v.name}=${masked(fallback)}${where(v.position)}`);
        else safe.push(`${v.name} (from the environment)`);
        continue;
      }
      literal.push(`${v.name}=${masked(text)}${where(v.position)}`);
    }
    const fix =
      'Give the value per set and environment instead: x-testbed secrets (generate, or read from the environment) with ' +
      'x-testbed secret_environment, or ${VAR} from the environment or an env file that is not committed.';
    if (literal.length > 0 || defaults.length > 0) {
      const parts = [
        ...(literal.length ? [`written in the file: ${literal.join(', ')}`] : []),
        ...(defaults.length ? [`a literal default is used: ${defaults.join(', ')}`] : []),
      ];
      return [finding(this, service.name, 'fail', parts.join('; '), fix)];
    }
    return [finding(this, service.name, 'pass', safe.length ? `credentials come from outside the file: ${safe.join(', ')}` : 'no credential variables in environment')];
  },
};
