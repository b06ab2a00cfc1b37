/**
 * A value an option cannot take is a usage error (exit 64) that names the option, before any
 * work starts: never a number that is NaN, nor a failure of Testbed (exit 1).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { durationOption, nonNegativeInt, positiveInt } from '../../../src/cli/option-parsers.js';

async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const code = await main(['node', 'testbed', ...args]);
  vi.restoreAllMocks();
  return { code, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('option values', () => {
  it.each([
    [['stop', 'demo', '-t', 'soon'], "option '-t, --timeout <seconds>' argument 'soon' is invalid"],
    [['logs', 'demo', '-n', 'ten'], "option '-n, --tail <lines>' argument 'ten' is invalid"],
    [['exec', '--index', '0', 'demo', 'web', '--', 'true'], "option '--index <n>' argument '0' is invalid"],
    [['up', 'demo', '--timeout', 'forever'], '"forever" is not a duration'],
    [['k8s', 'gc', '--older-than', 'a week'], '"a week" is not a duration'],
    [['destroy', 'demo', '--lock-timeout', '5 minutes'], '"5 minutes" is not a duration'],
  ])('testbed %j is a usage error naming the option', async (args, said) => {
    const { code, stderr } = await run(...args);
    expect(code).toBe(64);
    expect(stderr).toContain(said);
  });

  it('reads durations as the rest of Testbed does, with days and plain seconds', () => {
    expect([durationOption('90'), durationOption('1h30m'), durationOption('7d'), durationOption('500ms')]).toEqual([90_000, 5_400_000, 604_800_000, 500]);
    expect([positiveInt('3'), nonNegativeInt('0')]).toEqual([3, 0]);
    expect(() => positiveInt('1.5')).toThrow('expected a whole number of 1 or more');
    expect(() => nonNegativeInt('-1')).toThrow('expected a whole number of 0 or more');
  });
});
