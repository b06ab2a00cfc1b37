/** A word for a POSIX shell script, taken literally: single quotes, a ' inside as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
