/**
 * III Config, in the image: configuration files the image ships that hold what differs per
 * environment: a literal credential (`define('DB_PASSWORD', 'hunter2')`, `password = x`), or the
 * name of another service of the set as a host (`DB_HOST = 'db'`): the file an installer wrote
 * once and someone baked in. Placeholders (`password_here`, `{{ }}`, `%s`) and values read from
 * the environment (`getenv(...)`, `${VAR}`) are not findings.
 */
import { masked } from './static-input.js';

/** File names that hold configuration (basename). */
export const CONFIG_FILE_NAME = /^(\.env(\..*)?|.*(config|settings|local|parameters|database|secrets?|credentials).*\.(php|ini|conf|cnf|ya?ml|json|env|properties|xml|toml|py|rb|js))$/i;
/** Library code and tests, which ship samples, not a deployment's configuration. */
export const SKIPPED_FOLDER = /(^|\/)(vendor|node_modules|site-packages|dist-packages|tests?|examples?|doc|docs|wp-includes|wp-admin)(\/|$)/;

const SECRET_NAME = '[A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|AUTH_?KEY|PRIVATE_?KEY|SALT)[A-Za-z0-9_]*';
const HOST_NAME = '[A-Za-z0-9_]*(?:HOST|SERVER|ADDR)[A-Za-z0-9_]*';
const PLACEHOLDER = /here|your|example|change.?me|sample|dummy|xxx|\*\*\*|<|>|\{\{|%|^\$|^\s*$/i;

/** name = 'value' in the forms PHP, INI, YAML, JSON and env files use. */
function assignments(names: string): RegExp {
  return new RegExp(
    [
      `define\\(\\s*['"](${names})['"]\\s*,\\s*['"]([^'"]*)['"]`,
      `['"]?\\$?(${names})['"]?\\]?\\s*(?:=>|=|:)\\s*['"]([^'"]*)['"]`,
      `^\\s*(${names})\\s*=\\s*([^\\s'"#;]+)\\s*$`,
    ].join('|'),
    'gim',
  );
}

const SECRETS = assignments(SECRET_NAME);
const HOSTS = assignments(HOST_NAME);

export interface ConfigFileFinding {
  line: number;
  name: string;
  /** Masked for credentials. */
  shown: string;
  kind: 'credential' | 'service-host';
}

function matches(text: string, pattern: RegExp): { line: number; name: string; value: string }[] {
  const out: { line: number; name: string; value: string }[] = [];
  for (const m of text.matchAll(pattern)) {
    const groups = m.slice(1).filter((g) => g !== undefined);
    const [name, value] = [groups[0] ?? '', groups[1] ?? ''];
    out.push({ line: text.slice(0, m.index).split('\n').length, name, value });
  }
  return out;
}

export function scanConfigText(text: string, serviceNames: readonly string[]): ConfigFileFinding[] {
  const out: ConfigFileFinding[] = [];
  for (const m of matches(text, SECRETS)) {
    if (PLACEHOLDER.test(m.value) || m.value.length < 3) continue;
    out.push({ line: m.line, name: m.name, shown: masked(m.value), kind: 'credential' });
  }
  for (const m of matches(text, HOSTS)) {
    if (serviceNames.includes(m.value)) out.push({ line: m.line, name: m.name, shown: m.value, kind: 'service-host' });
  }
  return out.sort((a, b) => a.line - b.line);
}
