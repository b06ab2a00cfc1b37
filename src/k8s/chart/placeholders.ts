/**
 * Placeholders for a Helm chart. The chart is rendered like a set, with tokens where Helm
 * must fill in a value (namespace, images, values, sizes, secrets); each token is a plain
 * DNS-safe word, so it passes through names, labels and schema validation unchanged, and is
 * swapped for its Helm expression in the YAML text at the end.
 */

/**
 * scalar: a string value (quoted when it is the whole YAML value, so "123" stays a string);
 * json: the whole YAML value as JSON (null stays null);
 * block: a mapping, written with toYaml under its key.
 */
export type PlaceholderKind = 'scalar' | 'json' | 'block';

export class Placeholders {
  private readonly entries: { expression: string; kind: PlaceholderKind }[] = [];
  private readonly known = new Map<string, string>();

  /** The token standing for a Helm expression (without braces), e.g. `.Release.Namespace`. */
  token(expression: string, kind: PlaceholderKind = 'scalar'): string {
    const key = `${kind} ${expression}`;
    const known = this.known.get(key);
    if (known) return known;
    const token = `zz-tbph-${this.entries.length}-zz`;
    this.entries.push({ expression, kind });
    this.known.set(key, token);
    return token;
  }

  /** The text with every token replaced (for checking what a token-free render would give). */
  replaceTokens(text: string, by: (expression: string) => string): string {
    return text.replace(/zz-tbph-(\d+)-zz/g, (_m, i: string) => by(this.entries[Number(i)]!.expression));
  }

  /**
   * Marks the strings that are a token and nothing else: those become whole YAML values (quoted,
   * so "123" stays a string). A token inside a longer string, such as a line of a config file
   * held in a ConfigMap, is spliced into the text as it is.
   */
  markWholeValues<T>(value: T): T {
    if (typeof value === 'string') return (/^zz-tbph-\d+-zz$/.test(value) ? value.replace('tbph', 'tbpw') : value) as T;
    if (Array.isArray(value)) return value.map((v) => this.markWholeValues(v)) as T;
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.markWholeValues(v)])) as T;
    return value;
  }

  /** Swaps tokens for Helm actions in YAML text written from markWholeValues' result. */
  substitute(yamlText: string): string {
    return yamlText
      .replace(/^(\s*)([^\s#][^:\n]*:) zz-tbpw-(\d+)-zz$/gm, (line, indent: string, key: string, i: string) => {
        const { expression, kind } = this.entries[Number(i)]!;
        return kind === 'block' ? `${indent}${key}\n${indent}  {{- toYaml ${expression} | nindent ${indent.length + 2} }}` : line;
      })
      .replace(/zz-tbpw-(\d+)-zz/g, (_m, i: string) => {
        const { expression, kind } = this.entries[Number(i)]!;
        return kind === 'json' ? `{{ ${expression} | toJson }}` : `{{ ${expression} | quote }}`;
      })
      .replace(/zz-tbph-(\d+)-zz/g, (_m, i: string) => `{{ ${this.entries[Number(i)]!.expression} }}`);
  }
}

/** Helm reads `{{` in literal text as the start of an action: text from the project is escaped first. */
export function escapeHelm(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}
