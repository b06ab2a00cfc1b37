/**
 * A service's environment: `env_file` contents first, then `environment` on top (Compose's
 * precedence). A key without a value takes the variable's value from the environment,
 * or stays null (passed as unset) when it has none.
 */
import { relative } from 'node:path';
import { asBoolean } from '../config/schema/primitives.js';
import type { ComposeService } from '../config/schema/service.js';
import { parseEnvFile } from '../config/env-file.js';
import { readTextFile } from '../config/read-text.js';
import { hostPath } from './host-path.js';
import { keyValueEntries } from './key-values.js';
import type { NormalizeContext } from './normalize-context.js';

export async function serviceEnvironment(
  name: string,
  service: ComposeService,
  ctx: NormalizeContext,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const file of envFileList(service.env_file)) {
    const path = hostPath(file.path, ctx);
    const where = ['services', name, 'env_file', ...(file.index === undefined ? [] : [file.index])];
    let content: string;
    try {
      content = await readTextFile(path);
    } catch {
      if (file.required) ctx.diagnostics.error(where, `env file ${file.path} does not exist (${path}); create it or mark it required: false`);
      continue;
    }
    const display = relative(ctx.cwd, path).startsWith('..') ? path : relative(ctx.cwd, path);
    const parsed = file.raw ? { values: rawEnvFile(content), issues: [] } : parseEnvFile(content, display, ctx.lookup);
    for (const issue of parsed.issues) ctx.diagnostics.issues.push(issue);
    Object.assign(out, parsed.values);
  }
  for (const [key, value] of keyValueEntries(service.environment)) {
    out[key] = value ?? ctx.lookup(key) ?? null;
  }
  return out;
}

/** `format: raw`: each KEY=VALUE line as it is, no quotes removed and nothing interpolated. */
function rawEnvFile(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return out;
}

interface EnvFileRef {
  path: string;
  required: boolean;
  raw?: boolean;
  index?: number;
}

function envFileList(value: ComposeService['env_file']): EnvFileRef[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ path: value, required: true }];
  return value.map((entry, index) =>
    typeof entry === 'string'
      ? { path: entry, required: true, index }
      : { path: entry.path, required: asBoolean(entry.required, true), index, raw: entry.format === 'raw' },
  );
}
