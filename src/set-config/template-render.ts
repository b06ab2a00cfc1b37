/**
 * Liquid rendering of per-set configuration. Liquid runs no code, and with strict
 * variables and filters a typo is an error at create time, not an empty string in a
 * config file. Errors point at the template's own file, line and column.
 *
 * Liquid is loaded on the first render, so commands that render nothing (status, ls) never
 * pay for it.
 */
import type { Liquid } from 'liquidjs';
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

/** A rendered text, and whether it read a secret (then it belongs in a Secret, never in plain sight). */
export interface RenderedText {
  text: string;
  usesSecrets: boolean;
}

/** How one side renders a text for a set (its context, and for a chart its placeholders). */
export type TextRenderer = (source: TemplateSource) => Promise<RenderedText>;

/**
 * For DoS: a render that takes longer than this, or builds more than this many characters,
 * fails (`{% for i in (1..1000000000) %}` would otherwise hang `up`).
 */
export const TEMPLATE_RENDER_LIMIT_MS = 10_000;
export const TEMPLATE_MEMORY_LIMIT = 100_000_000;

const engines = new Map<string | undefined, Promise<Liquid>>();

/** One engine per project directory, the only place its templates may include files from. */
function engineFor(directory: string | undefined): Promise<Liquid> {
  let engine = engines.get(directory);
  if (!engine) {
    const roots = directory === undefined ? [] : [directory];
    engine = import('liquidjs').then(
      ({ Liquid }) =>
        new Liquid({
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
        }),
    );
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
  const engine = await engineFor(source.directory);
  try {
    return await engine.parseAndRender(source.text, context);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** Checks syntax without rendering (for `config` and early errors). */
export async function parseTemplate(source: TemplateSource): Promise<void> {
  const engine = await engineFor(source.directory);
  try {
    engine.parse(source.text);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** True when text has Liquid markup worth rendering (plain strings skip the engine). */
export function hasMarkup(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Renders with a context, noting whether the text read one of its secrets. */
export async function renderTracked(source: TemplateSource, context: TemplateContext): Promise<RenderedText> {
  if (!hasMarkup(source.text)) return { text: source.text, usesSecrets: false };
  const used = { secrets: false };
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries((context.secrets ?? {}) as Record<string, string>)) {
    Object.defineProperty(secrets, name, {
      enumerable: true,
      get: () => {
        used.secrets = true;
        return value;
      },
    });
  }
  const text = await renderTemplate(source, { ...context, secrets });
  return { text, usesSecrets: used.secrets };
}

/** The renderer of a set whose context is known (a Docker set: every text renders the same way); includes read `directory`. */
export function contextRenderer(context: TemplateContext, directory?: string): TextRenderer {
  return (source) => renderTracked({ ...(directory ? { directory } : {}), ...source }, context);
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
