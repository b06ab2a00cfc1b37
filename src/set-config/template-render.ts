/**
 * Liquid rendering of per-set configuration. Liquid runs no code, and with strict
 * variables and filters a typo is an error at create time, not an empty string in a
 * config file. Errors point at the template's own file, line and column.
 */
import { Liquid } from 'liquidjs';
import { ConfigError, type SourcePosition } from '../common/errors.js';

export interface TemplateSource {
  /** What the template is, for messages: `configs.settings`, `jobs.seed.command`. */
  name: string;
  text: string;
  /** The template's file (as shown to the user); for inline text, the file it is written in. */
  file?: string;
  /** Where inline text is written (its value in a Compose file); errors point there and give the line in the text. */
  origin?: SourcePosition;
}

export type TemplateContext = Record<string, unknown>;

const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  // Only the context's own data is visible, never prototype members.
  ownPropertyOnly: true,
  cache: 256,
});

interface LiquidFailure extends Error {
  token?: { getPosition(): [number, number] };
}

export class TemplateError extends ConfigError {}

/** @throws TemplateError with the template's file:line:col */
export async function renderTemplate(source: TemplateSource, context: TemplateContext): Promise<string> {
  try {
    return await liquid.parseAndRender(source.text, context);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** Checks syntax without rendering (for `config` and early errors). */
export function parseTemplate(source: TemplateSource): void {
  try {
    liquid.parse(source.text);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** True when text has Liquid markup worth rendering (plain strings skip the engine). */
export function hasMarkup(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

function templateError(source: TemplateSource, err: LiquidFailure): TemplateError {
  const [line, col] = err.token?.getPosition?.() ?? [1, 1];
  // Liquid appends ", line:N, col:M"; the position is shown in front instead.
  const reason = err.message.replace(/, line:\d+, col:\d+$/, '');
  const position: SourcePosition | undefined = source.origin ?? (source.file ? { file: source.file, line, col } : undefined);
  const inText = source.origin || !source.file ? ` (line ${line}, column ${col} of the template)` : '';
  return new TemplateError([{ message: `template ${source.name}: ${reason}${inText}`, ...(position ? { position } : {}) }], {
    hint: /undefined variable/.test(reason)
      ? 'Available: set.*, services.<name>.{host,lan,address,ports,replicas}, secrets.*, values.*, env.*. Give a value with --set-value KEY=VALUE or under x-testbed.values.'
      : 'Fix the template at the position shown (Liquid syntax: {{ variable }}, {% if %}...{% endif %}).',
  });
}
