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

  hasTokens(text: string): boolean {
    return /zz-tbph-\d+-zz/.test(text);
  }

  /** The text with every token replaced (for checking what a token-free render would give). */
  replaceTokens(text: string, by: (expression: string) => string): string {
    return text.replace(/zz-tbph-(\d+)-zz/g, (_m, i: string) => by(this.entries[Number(i)]!.expression));
  }

  /** Swaps tokens for Helm actions in YAML text. */
  substitute(yamlText: string): string {
    return yamlText
      .replace(/^(\s*)((?:- )?[^\s#][^:\n]*: |- )zz-tbph-(\d+)-zz$/gm, (_m, indent: string, lead: string, i: string) => {
        const { expression, kind } = this.entries[Number(i)]!;
        if (kind === 'block') return `${indent}${lead.trimEnd()}\n${indent}  {{- toYaml ${expression} | nindent ${indent.length + 2} }}`;
        if (kind === 'json') return `${indent}${lead}{{ ${expression} | toJson }}`;
        return `${indent}${lead}{{ ${expression} | quote }}`;
      })
      .replace(/zz-tbph-(\d+)-zz/g, (_m, i: string) => `{{ ${this.entries[Number(i)]!.expression} }}`);
  }
}

/** Helm reads `{{` in literal text as the start of an action: text from the project is escaped first. */
export function escapeHelm(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}
