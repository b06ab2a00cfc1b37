/**
 * Renders the part of Helm's template language that Testbed's charts use, so a chart can be
 * checked where the `helm` binary is not installed: actions `{{ }}` with trim markers, pipelines,
 * `.Values...`, `.Release.Namespace`/`.Release.Name`, string and number literals, and the
 * functions below. Anything else is an error, never a guess. This is a check, not Helm.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

export interface HelmScope {
  Values: Record<string, unknown>;
  Release: { Name: string; Namespace: string };
}

type Fn = (...args: unknown[]) => unknown;

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

const FUNCTIONS: Record<string, Fn> = {
  quote: (v) => JSON.stringify(text(v)),
  toJson: (v) => JSON.stringify(v ?? null),
  toString: (v: unknown) => text(v),
  toYaml: (v) => (v === null || v === undefined ? '' : stringify(v, { lineWidth: 0 }).replace(/\n$/, '')),
  nindent: (n, v) => '\n' + text(v).split('\n').map((l) => ' '.repeat(Number(n)) + l).join('\n'),
  index: (v, ...keys) => keys.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[String(k)], v),
  printf: (format, ...args) => {
    let i = 0;
    return text(format).replace(/%[sdv]/g, () => text(args[i++]));
  },
  sha256sum: (v) => createHash('sha256').update(text(v)).digest('hex'),
  sha512sum: (v) => createHash('sha512').update(text(v)).digest('hex'),
  // Not a real bcrypt hash: only its shape, since a check cannot predict a random salt anyway.
  bcrypt: (v) => `$2a$10$${createHash('sha256').update(text(v)).digest('base64').slice(0, 53)}`,
  trunc: (n, v) => text(v).slice(0, Number(n)),
  required: (message, v) => {
    if (v === undefined || v === null || v === '') throw new Error(`required value missing: ${text(message)}`);
    return v;
  },
  default: (fallback, v) => (v === undefined || v === null || v === '' ? fallback : v),
};

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|\(|\)|\||[^\s()|]+)/gy;
  let m: RegExpExecArray | null;
  let read = 0;
  while ((m = re.exec(source)) !== null) {
    tokens.push(m[1]!);
    read = re.lastIndex;
  }
  if (source.slice(read).trim() !== '') throw new Error(`cannot read action: ${source}`);
  return tokens;
}

class Evaluator {
  private pos = 0;
  constructor(
    private readonly tokens: string[],
    private readonly scope: HelmScope,
  ) {}

  run(): unknown {
    const value = this.pipeline();
    if (this.pos < this.tokens.length) throw new Error(`unexpected ${this.tokens[this.pos]}`);
    return value;
  }

  private pipeline(): unknown {
    let value = this.command(undefined, false);
    while (this.tokens[this.pos] === '|') {
      this.pos++;
      value = this.command(value, true);
    }
    return value;
  }

  private command(piped: unknown, hasPiped: boolean): unknown {
    const head = this.tokens[this.pos];
    if (head !== undefined && Object.hasOwn(FUNCTIONS, head)) {
      this.pos++;
      const args: unknown[] = [];
      while (this.pos < this.tokens.length && this.tokens[this.pos] !== '|' && this.tokens[this.pos] !== ')') args.push(this.operand());
      if (hasPiped) args.push(piped);
      return FUNCTIONS[head]!(...args);
    }
    if (hasPiped) throw new Error(`${head} is not a function Testbed's chart check knows`);
    return this.operand();
  }

  private operand(): unknown {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new Error('action ends early');
    if (token === '(') {
      const value = this.pipeline();
      if (this.tokens[this.pos++] !== ')') throw new Error('missing )');
      return value;
    }
    if (token.startsWith('"')) return JSON.parse(token) as string;
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    if (token === 'nil') return null;
    if (token.startsWith('.')) return token.slice(1).split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], this.scope);
    throw new Error(`${token} is not something Testbed's chart check knows`);
  }
}

/** Renders one template file. Throws on an action outside the subset, or a missing required value. */
export function renderHelmSubset(template: string, scope: HelmScope): string {
  let out = '';
  let rest = template;
  for (;;) {
    const start = rest.indexOf('{{');
    if (start < 0) return out + rest;
    let before = rest.slice(0, start);
    let inner = rest.slice(start + 2);
    const end = inner.indexOf('}}');
    if (end < 0) throw new Error('an action is not closed');
    let action = inner.slice(0, end);
    inner = inner.slice(end + 2);
    if (action.startsWith('-')) {
      before = before.replace(/\s+$/, '');
      action = action.slice(1);
    }
    if (action.endsWith('-')) {
      action = action.slice(0, -1);
      inner = inner.replace(/^\s+/, '');
    }
    out += before + text(new Evaluator(tokenize(action.trim()), scope).run());
    rest = inner;
  }
}
