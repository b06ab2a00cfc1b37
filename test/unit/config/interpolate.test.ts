import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError, lookupIn } from '../../../src/config/interpolate.js';

const env = lookupIn({ NAME: 'web', EMPTY: '', PORT: '8080' });
const value = (text: string) => interpolate(text, env).value;

describe('interpolation', () => {
  it('replaces ${VAR} and $VAR', () => {
    expect(value('${NAME}-$NAME:${PORT}')).toBe('web-web:8080');
  });

  it('leaves text without variables alone', () => {
    expect(value('plain text')).toBe('plain text');
  });

  it('replaces an unset variable with "" and reports it once', () => {
    const result = interpolate('${MISSING}/$MISSING/${OTHER}', env);
    expect(result.value).toBe('//');
    expect(result.unset).toEqual(['MISSING', 'OTHER']);
  });

  it('keeps an empty variable empty, without reporting it', () => {
    expect(interpolate('[${EMPTY}]', env)).toEqual({ value: '[]', unset: [] });
  });

  describe('${VAR:-default} and ${VAR-default}', () => {
    it(':- uses the default when the variable is unset or empty', () => {
      expect(value('${MISSING:-d}')).toBe('d');
      expect(value('${EMPTY:-d}')).toBe('d');
      expect(value('${NAME:-d}')).toBe('web');
    });

    it('- uses the default only when the variable is unset', () => {
      expect(value('${MISSING-d}')).toBe('d');
      expect(value('${EMPTY-d}')).toBe('');
      expect(value('${NAME-d}')).toBe('web');
    });

    it('does not report a variable that has a default', () => {
      expect(interpolate('${MISSING:-x}', env).unset).toEqual([]);
    });

    it('allows an empty default, spaces, colons and nested variables in the default', () => {
      expect(value('${MISSING:-}')).toBe('');
      expect(value('${MISSING:-a b:c}')).toBe('a b:c');
      expect(value('${MISSING:-${NAME}:${PORT}}')).toBe('web:8080');
      expect(value('${MISSING:-${ALSO_MISSING:-deep}}')).toBe('deep');
    });
  });

  describe('${VAR:?err} and ${VAR?err}', () => {
    it(':? fails on an unset or empty variable, with the message', () => {
      expect(() => value('${MISSING:?set the db password}')).toThrow('required variable MISSING is not set: set the db password');
      expect(() => value('${EMPTY:?must not be empty}')).toThrow('required variable EMPTY is empty: must not be empty');
      expect(value('${NAME:?x}')).toBe('web');
    });

    it('? fails only on an unset variable', () => {
      expect(() => value('${MISSING?needed}')).toThrow('required variable MISSING is not set: needed');
      expect(value('${EMPTY?needed}')).toBe('');
    });

    it('names the variable on the error', () => {
      const err = (() => {
        try {
          value('${MISSING:?}');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(InterpolationError);
      expect((err as InterpolationError).variable).toBe('MISSING');
      expect((err as Error).message).toBe('required variable MISSING is not set');
    });

    it('does not evaluate an error branch that is not taken', () => {
      expect(value('${NAME:-${MISSING:?never}}')).toBe('web');
    });
  });

  describe('${VAR:+alt} and ${VAR+alt}', () => {
    it(':+ gives the alternative when the variable is set and not empty', () => {
      expect(value('${NAME:+yes}')).toBe('yes');
      expect(value('${EMPTY:+yes}')).toBe('');
      expect(value('${MISSING:+yes}')).toBe('');
    });

    it('+ gives the alternative when the variable is set, even empty', () => {
      expect(value('${EMPTY+yes}')).toBe('yes');
      expect(value('${MISSING+yes}')).toBe('');
    });

    it('interpolates the alternative', () => {
      expect(value('${NAME:+--name=${NAME}}')).toBe('--name=web');
    });
  });

  describe('$$', () => {
    it('is a literal $', () => {
      expect(value('$$NAME costs $$5')).toBe('$NAME costs $5');
      expect(value('$${NAME}')).toBe('${NAME}');
    });

    it('is literal inside a default', () => {
      expect(value('${MISSING:-$$HOME}')).toBe('$HOME');
    });
  });

  it('does not interpolate the value of a variable again', () => {
    expect(interpolate('${A}', lookupIn({ A: '$B ${C}', B: 'no', C: 'no' })).value).toBe('$B ${C}');
  });

  it('keeps a $ that starts no variable, as Compose does', () => {
    expect(value('cost: $5, $ , end$')).toBe('cost: $5, $ , end$');
  });

  it('rejects a ${ without its closing brace, suggesting $$', () => {
    expect(() => value('${NAME')).toThrow(InterpolationError);
    expect(() => value('${NAME')).toThrow(/invalid interpolation format "\$\{NAME".*\$\$/);
  });

  it('rejects an empty or malformed name', () => {
    expect(() => value('${}')).toThrow('the variable name is empty');
    expect(() => value('${1X}')).toThrow('invalid interpolation format "${1X}"');
    expect(() => value('${A B}')).toThrow(InterpolationError);
  });
});

describe('lookupIn', () => {
  it('takes the first source that has the variable', () => {
    const lookup = lookupIn({ A: 'env' }, { A: 'file', B: 'file' });
    expect([lookup('A'), lookup('B'), lookup('C')]).toEqual(['env', 'file', undefined]);
  });

  it('counts undefined as unset but "" as set', () => {
    const lookup = lookupIn({ A: undefined, B: '' }, { A: 'file', B: 'file' });
    expect([lookup('A'), lookup('B')]).toEqual(['file', '']);
  });
});
