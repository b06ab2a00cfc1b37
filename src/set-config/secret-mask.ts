/** Secrets never reach output a user did not ask to see: each value becomes ********. */
export const MASK = '********';

/** Values shorter than this are too likely to match ordinary text to be masked. */
const MIN_MASKED = 4;

export function maskSecrets(text: string, secrets: Record<string, string>): string {
  // Each line of a value too: output read line by line (logs) holds a multi-line secret (a key) a line at a time.
  const values = Object.values(secrets)
    .flatMap((v) => [v, v.trim(), ...v.split('\n').map((line) => line.trim())])
    .filter((v) => v.length >= MIN_MASKED)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of new Set(values)) out = out.split(value).join(MASK);
  return out;
}
