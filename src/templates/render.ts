/**
 * Liquid rendering of per-set configuration. Liquid runs no code, and with strict
 * variables and filters a typo is an error at create time, not an empty string in a
 * config file. Errors point at the template's own file, line and column.
 */
import { Liquid } from 'liquidjs';
import { ConfigError, type SourcePosition } from '../common/errors.js';
import { projectFiles } from './project-files.js';

export interface TemplateSource {
  /** What the template is, for messages: `configs.settings`, `jobs.seed.command`. */
  name: string;
  text: string;
  /** The template's file (as shown to the user); for inline text, the file it is written in. */
  file?: string;
  /** Where inline text is written (its value in a Compose file); errors point there and give the line in the text. */
  origin?: SourcePosition;
  /** The project directory: `{% include %}` and `{% render %}` read files inside it only (none when absent). */
  directory?: string;
}

export type TemplateContext = Record<string, unknown>;

/**
 * For DoS: a render that takes longer than this, or builds more than this many characters,
 * fails (`{% for i in (1..1000000000) %}` would otherwise hang `up`).
 */
export const TEMPLATE_RENDER_LIMIT_MS = 10_000;
export const TEMPLATE_MEMORY_LIMIT = 100_000_000;

const engines = new Map<string | undefined, Liquid>();

/** One engine per project directory, the only place its templates may include files from. */
function engineFor(directory: string | undefined): Liquid {
  let engine = engines.get(directory);
  if (!engine) {
    const roots = directory === undefined ? [] : [directory];
    engine = new Liquid({
      strictVariables: true,
      strictFilters: true,
      // Only the context's own data is visible, never prototype members.
      ownPropertyOnly: true,
      cache: 256,
      root: roots,
      partials: roots,
      layouts: roots,
      fs: projectFiles(directory),
      renderLimit: TEMPLATE_RENDER_LIMIT_MS,
      memoryLimit: TEMPLATE_MEMORY_LIMIT,
    });
    engines.set(directory, engine);
  }
  return engine;
}

interface LiquidFailure extends Error {
  token?: { getPosition(): [number, number] };
}

export class TemplateError extends ConfigError {}

/** @throws TemplateError with the template's file:line:col */
export async function renderTemplate(source: TemplateSource, context: TemplateContext): Promise<string> {
  try {
    return await engineFor(source.directory).parseAndRender(source.text, context);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** Checks syntax without rendering (for `config` and early errors). */
export function parseTemplate(source: TemplateSource): void {
  try {
    engineFor(source.directory).parse(source.text);
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
    hint: /templates may include files of the project directory only/.test(reason)
      ? 'Move the file into the project directory (a symbolic link out of it does not count), or write its text in the template.'
      : /undefined variable/.test(reason)
      ? 'Available: set.*, services.<name>.{host,lan,address,ports,replicas}, secrets.*, values.*, env.*. Give a value with --set-value KEY=VALUE or under x-testbed.values.'
      : 'Fix the template at the position shown (Liquid syntax: {{ variable }}, {% if %}...{% endif %}).',
  });
}
