/**
 * Checks a test's output against what it expects. Each unmet expectation becomes one sentence
 * that says what was expected and what happened, for the report and JUnit.
 */
import type { TextExpectation } from '../model/testbed-tests.js';

export function checkExit(expected: number, exitCode: number | undefined, timedOut: boolean, timeoutMs: number): string[] {
  if (timedOut) return [`timed out after ${formatMs(timeoutMs)}${exitCode === undefined ? '' : ` (stopped, exit code ${exitCode})`}`];
  if (exitCode === expected) return [];
  return [`exit code ${exitCode ?? 'unknown'}, expected ${expected}`];
}

/** @param what "stdout", "stderr", "the response body" */
export function checkText(what: string, text: string, expected: TextExpectation | undefined): string[] {
  if (!expected) return [];
  const failures: string[] = [];
  for (const s of expected.contains) if (!text.includes(s)) failures.push(`${what} does not contain ${quote(s)}`);
  for (const s of expected.notContains) if (text.includes(s)) failures.push(`${what} contains ${quote(s)}, which it must not`);
  for (const pattern of expected.matches) {
    if (!new RegExp(pattern, 'm').test(text)) failures.push(`${what} does not match /${pattern}/`);
  }
  return failures;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}

function quote(s: string): string {
  const shown = JSON.stringify(s);
  return shown.length > 80 ? `${shown.slice(0, 77)}..."` : shown;
}
