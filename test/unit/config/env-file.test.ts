import { describe, expect, it } from 'vitest';
import { parseEnvFile, readEnvFiles } from '../../../src/config/env-file.js';
import { lookupIn } from '../../../src/config/interpolate.js';
import { tempFiles, yaml } from './temp-files.js';

const none = lookupIn({});

describe('env files', () => {
  it('reads KEY=value lines, with comments, export and quotes', () => {
    const content = yaml`
      # a comment
      A=1
      export B=two words
      C="quoted # not a comment"
      D='single'
      EMPTY=
    `;
    expect(parseEnvFile(content, '.env', none)).toEqual({
      values: { A: '1', B: 'two words', C: 'quoted # not a comment', D: 'single', EMPTY: '' },
      issues: [],
    });
  });

  it('interpolates values from the environment and from earlier keys', () => {
    const content = 'HOST=db\nURL=postgres://${HOST}:${PORT:-5432}/${DB}\n';
    const { values } = parseEnvFile(content, '.env', lookupIn({ DB: 'app' }));
    expect(values.URL).toBe('postgres://db:5432/app');
  });

  it('prefers the environment over an earlier key of the file', () => {
    const { values } = parseEnvFile('HOST=file\nURL=http://${HOST}\n', '.env', lookupIn({ HOST: 'env' }));
    expect(values.URL).toBe('http://env');
  });

  it('keeps a single-quoted value literal', () => {
    const { values } = parseEnvFile("PASSWORD='pa$$word${X}'\n", '.env', lookupIn({ X: 'x' }));
    expect(values.PASSWORD).toBe('pa$$word${X}');
  });

  it('reports a failed ${VAR:?err} with the file and line', () => {
    const { issues } = parseEnvFile('A=1\n\nB=${REQUIRED:?set it}\n', 'conf/.env', none);
    expect(issues).toEqual([
      { message: 'B: required variable REQUIRED is not set: set it', position: { file: 'conf/.env', line: 3, col: 1 } },
    ]);
  });
});

describe('several env files', () => {
  it('applies later files over earlier ones', async () => {
    const temp = await tempFiles({ 'a.env': 'A=1\nB=1\n', 'b.env': 'B=2\nC=${A}\n' });
    const read = await readEnvFiles(
      [{ path: temp.path('a.env'), display: 'a.env' }, { path: temp.path('b.env'), display: 'b.env' }],
      none,
    );
    expect(read).toEqual({ values: { A: '1', B: '2', C: '1' }, issues: [] });
  });

  it('reports a missing file by its name', async () => {
    const temp = await tempFiles();
    const read = await readEnvFiles([{ path: temp.path('nope.env'), display: 'nope.env' }], none);
    expect(read.issues).toEqual([{ message: 'env file nope.env does not exist' }]);
  });
});
