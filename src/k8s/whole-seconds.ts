/** Kubernetes counts whole seconds; a part of a second still needs a second. */
export function seconds(ms: number, minimum = 1): number {
  return Math.max(minimum, Math.ceil(ms / 1000));
}
