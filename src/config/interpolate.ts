/**
 * Compose's variable interpolation for one string, with no I/O:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alternative}`, `${VAR+alternative}`, nesting inside the default/alternative/error
 * part (`${A:-${B}}`), and `$$` for a literal `$`.
 * A `$` followed by anything else (`$1`, `$ `, a trailing `$`) is kept as written, as Compose does.
 */

/** Returns the value of a variable, or undefined when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

export interface Interpolated {
  value: string;
  /** Variables used without a default that are not set (they became ""), in order of use. */
  unset: string[];
}

/** A `${VAR:?message}` that failed, or a `${...}` Compose cannot read. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

/** `${A:-${B:-...}}` levels; each level is a recursive call, and real files use two or three. */
export const MAX_INTERPOLATION_DEPTH = 32;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/;

/** @throws InterpolationError */
export function interpolate(text: string, lookup: VariableLookup): Interpolated {
  const unset: string[] = [];
  const value = substitute(text, lookup, unset);
  return { value, unset };
}

/** Variables lookup over a plain record; undefined values count as unset. */
export function lookupIn(...sources: Record<string, string | undefined>[]): VariableLookup {
  return (name) => {
    for (const source of sources) {
      const value = source[name];
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

function substitute(text: string, lookup: VariableLookup, unset: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(text, dollar + 2);
      if (close < 0) throw invalid(text.slice(dollar), 'no closing "}"');
      out += braced(text.slice(dollar + 2, close), text.slice(dollar, close + 1), lookup, unset);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (name) {
        out += valueOrUnset(name, lookup, unset);
        i = dollar + 1 + name.length;
      } else {
        out += '$';
        i = dollar + 1;
      }
    }
  }
  return out;
}

/**
 * Index of the `}` closing a `${` whose body starts at `from`, skipping nested `${...}` and `$$`.
 * @throws InterpolationError when the nesting is deeper than MAX_INTERPOLATION_DEPTH
 */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && (text[i + 1] === '$' || text[i + 1] === '{')) {
      if (text[i + 1] === '{' && ++depth >= MAX_INTERPOLATION_DEPTH) {
        throw new InterpolationError(`"\${...}" is nested more than ${MAX_INTERPOLATION_DEPTH} levels deep; write the value out or use fewer levels`);
      }
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function braced(body: string, whole: string, lookup: VariableLookup, unset: string[]): string {
  const match = BRACED.exec(body);
  if (!match) throw invalid(whole, body === '' ? 'the variable name is empty' : undefined);
  const [, name, operator, argument = ''] = match as unknown as [string, string, string | undefined, string | undefined];
  const value = lookup(name);
  if (operator === undefined) return valueOrUnset(name, lookup, unset);
  const orEmpty = operator.startsWith(':');
  const missing = value === undefined || (orEmpty && value === '');
  // The argument is interpolated only when it is used, so `${A:-${B:?}}` does not fail when A is set.
  switch (operator.replace(':', '')) {
    case '-':
      return missing ? substitute(argument, lookup, unset) : value!;
    case '+':
      return missing ? '' : substitute(argument, lookup, unset);
    default: {
      if (!missing) return value!;
      const reason = substitute(argument, lookup, unset);
      const state = value === undefined ? 'is not set' : 'is empty';
      throw new InterpolationError(`required variable ${name} ${state}${reason ? `: ${reason}` : ''}`, name);
    }
  }
}

function valueOrUnset(name: string, lookup: VariableLookup, unset: string[]): string {
  const value = lookup(name);
  if (value !== undefined) return value;
  if (!unset.includes(name)) unset.push(name);
  return '';
}

function invalid(fragment: string, why?: string): InterpolationError {
  return new InterpolationError(
    `invalid interpolation format "${fragment}"${why ? ` (${why})` : ''}; write $$ for a literal $`,
  );
}
