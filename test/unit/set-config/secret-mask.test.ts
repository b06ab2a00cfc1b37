/** Secret values in output a user did not ask to see become ********. */
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/set-config/secret-mask.js';

describe('masking secrets in output', () => {
  it('masks every occurrence of each value, the longest first', () => {
    expect(maskSecrets('token=abcd1234 again abcd1234 and abcd', { a: 'abcd1234', b: 'abcd' })).toBe('token=******** again ******** and ********');
  });

  it('masks each line of a multi-line value, as logs show it a line at a time', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END KEY-----\n';
    const lines = key.split('\n').filter(Boolean);
    expect(lines.map((line) => maskSecrets(`app | ${line}`, { key }))).toEqual(['app | ********', 'app | ********', 'app | ********']);
  });

  it('leaves values shorter than four characters alone: they match ordinary text', () => {
    expect(maskSecrets('a b c', { short: 'b' })).toBe('a b c');
  });
});
