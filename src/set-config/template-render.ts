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

/** A rendered text, and whether it read a secret (then it belongs in a Secret, never in plain sight). */
export interface RenderedText {
  text: string;
  usesSecrets: boolean;
}

/** How one side renders a text for a set (its context, and for a chart its placeholders). */
export type TextRenderer = (source: TemplateSource) => Promise<RenderedText>;

let engine: Promise<Liquid> | undefined;

function liquid(): Promise<Liquid> {
  engine ??= import('liquidjs').then(
    ({ Liquid }) =>
      new Liquid({
        strictVariables: true,
        strictFilters: true,
        // Only the context's own data is visible, never prototype members.
        ownPropertyOnly: true,
        cache: 256,
      }),
  );
  return engine;
}

interface LiquidFailure extends Error {
  token?: { getPosition(): [number, number] };
}

export class TemplateError extends ConfigError {}

/** @throws TemplateError with the template's file:line:col */
export async function renderTemplate(source: TemplateSource, context: TemplateContext): Promise<string> {
  const engine = await liquid();
  try {
    return await engine.parseAndRender(source.text, context);
  } catch (err) {
    throw templateError(source, err as LiquidFailure);
  }
}

/** Checks syntax without rendering (for `config` and early errors). */
export async function parseTemplate(source: TemplateSource): Promise<void> {
  const engine = await liquid();
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

/** The renderer of a set whose context is known (a Docker set: every text renders the same way). */
export function contextRenderer(context: TemplateContext): TextRenderer {
  return (source) => renderTracked(source, context);
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
