import { describe, expect, it } from 'vitest';
import { keyPositionAt, nodeAt, positionAt, toPlain } from '../../../src/config/config-tree.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { yaml } from './temp-files.js';

describe('reading YAML with positions', () => {
  const text = yaml`
    services:
      web:
        image: nginx
        ports:
          - "8080:80"
  `;

  it('knows the line and column of every value and key', () => {
    const { root, issues } = parseYaml(text, 'compose.yaml');
    expect(issues).toEqual([]);
    expect(positionAt(root, ['services', 'web', 'image'])).toEqual({ file: 'compose.yaml', line: 3, col: 12 });
    expect(keyPositionAt(root, ['services', 'web', 'image'])).toEqual({ file: 'compose.yaml', line: 3, col: 5 });
    expect(positionAt(root, ['services', 'web', 'ports', 0])).toEqual({ file: 'compose.yaml', line: 5, col: 9 });
  });

  it('points at the closest enclosing value when a path is missing', () => {
    const { root } = parseYaml(text, 'compose.yaml');
    expect(positionAt(root, ['services', 'web', 'nope', 'deeper'])).toEqual(positionAt(root, ['services', 'web']));
  });

  it('reports a syntax error with its position, not a stack trace', () => {
    const { root, issues } = parseYaml('services:\n  web:\n    image: [nginx\n', 'bad.yaml');
    expect(root).toBeUndefined();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.message).toMatch(/^YAML syntax error: /);
    expect(issues[0]!.position?.file).toBe('bad.yaml');
    expect(issues[0]!.position?.line).toBeGreaterThanOrEqual(3);
  });

  it('says a key is defined twice, where', () => {
    const { issues } = parseYaml('services:\n  web: {}\n  web: {}\n', 'dup.yaml');
    expect(issues).toEqual([{ message: 'YAML syntax error: a key is defined twice in the same mapping', position: { file: 'dup.yaml', line: 3, col: 3 } }]);
  });

  it('resolves anchors, aliases and << merge keys, explicit keys winning', () => {
    const { root } = parseYaml(
      yaml`
        x-common: &common
          image: base
          restart: always
        services:
          a: { <<: *common, image: own }
          b: *common
      `,
      'c.yaml',
    );
    expect(toPlain(nodeAt(root, ['services'])!)).toEqual({
      a: { image: 'own', restart: 'always' },
      b: { image: 'base', restart: 'always' },
    });
  });

  it('reports an unknown anchor', () => {
    const { issues } = parseYaml('services:\n  a: *nope\n', 'c.yaml');
    expect(issues[0]!.message).toMatch(/nope/);
    expect(issues[0]!.position?.line).toBe(2);
  });

  it('keeps !reset and !override tags for merging, without warnings', () => {
    const { root, warnings } = parseYaml('services:\n  web:\n    ports: !reset []\n    command: !override ["a"]\n    image: !reset null\n', 'o.yaml');
    expect(warnings).toEqual([]);
    expect(nodeAt(root, ['services', 'web', 'ports'])?.tag).toBe('!reset');
    expect(nodeAt(root, ['services', 'web', 'command'])?.tag).toBe('!override');
    expect(nodeAt(root, ['services', 'web', 'image'])).toMatchObject({ tag: '!reset', value: null });
  });

  it('keeps the source text of numbers, so that keys meaning text can use it', () => {
    const { root } = parseYaml('v: 1.10\nmode: 0440\n', 'n.yaml');
    expect(nodeAt(root, ['v'])).toMatchObject({ value: 1.1, text: '1.10' });
    expect(toPlain(root!)).toEqual({ v: 1.1, mode: 440 });
    expect(toPlain(root!, { textPaths: [['v'], ['mode']] })).toEqual({ v: '1.10', mode: '0440' });
  });

  it('reads an empty file as an empty mapping', () => {
    const { root, issues } = parseYaml('', 'empty.yaml');
    expect(issues).toEqual([]);
    expect(root).toMatchObject({ kind: 'mapping' });
  });
});
