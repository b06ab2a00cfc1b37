/**
 * Where the CLI writes: human output and logs on stderr, the --json result on stdout.
 * Passed to commands as a value, so tests can capture it.
 */
import pc from 'picocolors';
import type { Writable } from 'node:stream';

export interface Output {
  /** Machine result (stdout). */
  result: Writable;
  /** Human messages (stderr). */
  human: Writable;
  json: boolean;
  quiet: boolean;
  color: boolean;
  isTTY: boolean;
}

export function processOutput(flags: { json?: boolean; quiet?: boolean }): Output {
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    result: process.stdout,
    human: process.stderr,
    json: Boolean(flags.json),
    quiet: Boolean(flags.quiet),
    color: isTTY && !process.env.NO_COLOR,
    isTTY,
  };
}

export function say(out: Output, line: string): void {
  if (!out.quiet) out.human.write(line + '\n');
}

export function printJson(out: Output, value: unknown): void {
  out.result.write(JSON.stringify(value, null, 2) + '\n');
}

export function colors(out: Output) {
  return pc.createColors(out.color);
}
