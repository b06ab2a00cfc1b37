/**
 * What rendering could not carry over to Kubernetes, collected (never dropped in silence)
 * and reported together, each with the Compose path it concerns.
 */
export interface RenderWarning {
  /** Dotted path in the Compose file, e.g. services.web.ports. */
  path: string;
  message: string;
}

export class RenderWarnings {
  readonly list: RenderWarning[] = [];
  private readonly seen = new Set<string>();

  add(path: string, message: string): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ path, message });
  }
}

export function formatWarning(w: RenderWarning): string {
  return `${w.path}: ${w.message}`;
}
