/**
 * Hostile YAML: an alias bomb, nesting past every recursive step, `${...}` nested hundreds
 * deep. Each is a config error at file:line:col, found in bounded time, never a hang, a
 * crash of the process or a "this is a bug" stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError, MAX_INTERPOLATION_DEPTH } from '../../../src/config/interpolate.js';
import { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH, parseYaml } from '../../../src/config/parse-yaml.js';
import { aliasBomb, nestedDefault } from '../../support/hostile-inputs.js';
import { loadError, loadFiles } from './load-files.js';

const SERVICE = 'services:\n  app:\n    image: busybox:latest\n';

describe('an alias bomb', () => {
  it('inside an unused x- key is a config error at the alias that goes past the limit', async () => {
    const started = Date.now();
    const err = await loadError({ 'compose.yaml': `x-bomb:\n${aliasBomb('  ')}${SERVICE}` });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.message).toMatch(new RegExp(`aliases expand the file to more than ${MAX_ALIAS_EXPANSION} values \\(here, \\*l\\d is \\d+ values\\)`));
    expect(err.issues[0]!.position).toMatchObject({ file: 'compose.yaml', line: expect.any(Number), col: expect.any(Number) });
  });

  it('anywhere in a service is the same error', async () => {
    const err = await loadError({ 'compose.yaml': `x-a:\n${aliasBomb('  ')}services:\n  app:\n    image: busybox:latest\n    command: *l8\n` });
    expect(err.issues[0]!.message).toMatch(/aliases expand the file/);
  });

  it('through << merge keys is the same error', async () => {
    const merges = ['m0: &m0 { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 }'];
    for (let i = 1; i <= 8; i++) {
      const keys = Array.from({ length: 10 }, (_, k) => `k${k}: *m${i - 1}`).join(', ');
      merges.push(`m${i}: &m${i} { ${keys} }`);
    }
    const err = await loadError({ 'compose.yaml': `x-m:\n${merges.map((l) => `  ${l}`).join('\n')}\n${SERVICE}    environment:\n      <<: *m8\n` });
    expect(err.issues[0]!.message).toMatch(/aliases expand the file/);
  });

  it('ordinary aliases (a shared block used by many services) load as before', async () => {
    const services = Array.from({ length: 200 }, (_, i) => `  s${i}: *svc`).join('\n');
    const { compose } = await loadFiles({ 'compose.yaml': `x-svc: &svc\n  image: busybox:latest\n  environment: { A: "1", B: "2" }\nservices:\n${services}\n` });
    expect(Object.keys(compose.services!)).toHaveLength(200);
    expect(compose.services!.s199).toMatchObject({ image: 'busybox:latest', environment: { A: '1', B: '2' } });
  });

  it('a file whose own size is past the limit may alias as much as it holds', () => {
    const entries = Array.from({ length: MAX_ALIAS_EXPANSION / 2 + 10 }, (_, i) => `  K${i}: v`).join('\n');
    const { issues } = parseYaml(`x-env: &env\n${entries}\nservices:\n  a: { environment: *env }\n`, 'big.yaml');
    expect(issues).toEqual([]);
  });
});

describe('deep nesting', () => {
  it(`values nested more than ${MAX_NESTING_DEPTH} levels are one config error at the first level too deep`, () => {
    const depth = MAX_NESTING_DEPTH + 50;
    const { issues } = parseYaml(`x-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'deep.yaml');
    expect(issues).toEqual([{ message: `values are nested more than ${MAX_NESTING_DEPTH} levels deep`, position: { file: 'deep.yaml', line: 1, col: 8 + MAX_NESTING_DEPTH } }]);
  });

  it('nesting far past the stack is a syntax error with a position, not a crash', () => {
    const depth = 100_000;
    const { issues } = parseYaml(`x-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'deep.yaml');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.message).toMatch(/nested more than \d+ levels deep/);
    expect(issues[0]!.position).toMatchObject({ file: 'deep.yaml', line: 1 });
  });

  it('a chain of anchors that nests deep through aliases is refused at the alias', () => {
    const lines = ['a0: &a0 [x]'];
    for (let i = 1; i <= MAX_NESTING_DEPTH + 5; i++) lines.push(`a${i}: &a${i} [*a${i - 1}]`);
    const { issues } = parseYaml(`${lines.join('\n')}\n`, 'chain.yaml');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/nested more than \d+ levels deep \(through \*a\d+\)/);
  });
});

describe('a key written twice', () => {
  it('is found in a mapping of any size, at the second key', () => {
    const entries = Array.from({ length: 50_000 }, (_, i) => `  K${i}: v`);
    entries.push('  K7: again');
    const { issues } = parseYaml(`env:\n${entries.join('\n')}\n`, 'dup.yaml');
    expect(issues).toEqual([{ message: 'YAML syntax error: a key is defined twice in the same mapping', position: { file: 'dup.yaml', line: 50_002, col: 3 } }]);
  });

  it('counts a merge key written twice', () => {
    const { issues } = parseYaml('a: &a { x: 1 }\nb:\n  <<: *a\n  <<: *a\n', 'dup.yaml');
    expect(issues).toEqual([{ message: 'YAML syntax error: a key is defined twice in the same mapping', position: { file: 'dup.yaml', line: 4, col: 3 } }]);
  });
});

describe('nested interpolation', () => {
  it(`up to ${MAX_INTERPOLATION_DEPTH} levels works`, () => {
    expect(interpolate(nestedDefault(MAX_INTERPOLATION_DEPTH), () => undefined).value).toBe('x');
  });

  it('deeper is an InterpolationError, not a stack overflow', () => {
    expect(() => interpolate(nestedDefault(MAX_INTERPOLATION_DEPTH + 1), () => undefined)).toThrow(InterpolationError);
    expect(() => interpolate(nestedDefault(100_000), () => undefined)).toThrow(/nested more than 32 levels deep/);
  });

  it('in a file, it is a config error at the value', async () => {
    const err = await loadError({ 'compose.yaml': `${SERVICE}    environment:\n      X: "${nestedDefault(50_000)}"\n` });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^services\.app\.environment\.X: "\$\{\.\.\.\}" is nested more than 32 levels deep/), position: { file: 'compose.yaml', line: 5, col: 10 } }),
    ]);
  });
});
