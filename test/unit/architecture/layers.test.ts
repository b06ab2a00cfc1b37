/**
 * The layers import one way: config -> model -> plan -> engine -> lifecycle -> api -> cli.
 * common/ is below all of them. A lower layer importing a higher one fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', '..', 'src');
const ORDER = ['common', 'config', 'model', 'plan', 'engine', 'lifecycle', 'api', 'cli'];

/** Kubernetes rendering (when it exists) reads the model and must never reach the engine. */
const FORBIDDEN: Record<string, string[]> = { k8s: ['engine', 'lifecycle'] };

/**
 * Layers beside the main line: what each may import, and who may import it. k8s/ reads the model
 * (with the shared Liquid renderer of templates/ and plan/'s naming helpers); only the front
 * ends (api/, cli/) use it.
 */
const SIDE: Record<string, { imports: string[]; importedBy: string[] }> = {
  k8s: { imports: ['common', 'model', 'set-config', 'plan'], importedBy: ['api', 'cli'] },
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

describe('source layers', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    const rank = ORDER.indexOf(from);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = layerOf(join(file, '..', m[1]!));
      if (target === from || target.endsWith('.ts') || target.endsWith('.js')) continue;
      const targetRank = ORDER.indexOf(target);
      const forbidden = FORBIDDEN[from]?.includes(target);
      const side = SIDE[from] ? !SIDE[from].imports.includes(target) : SIDE[target] ? !SIDE[target].importedBy.includes(from) : false;
      if (forbidden || side || (rank >= 0 && targetRank > rank)) violations.push(`${relative(SRC, file)} imports ${m[1]} (${target})`);
    }
  }

  it('no layer imports a layer above it', () => {
    expect(violations).toEqual([]);
  });

  it('only engine/ imports dockerode', () => {
    const users = files(SRC)
      .filter((f) => /from 'dockerode'|from 'docker-modem'/.test(readFileSync(f, 'utf8')))
      .filter((f) => layerOf(f) !== 'engine');
    expect(users.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('nothing shells out to the docker binary', () => {
    const users = files(SRC).filter((f) => /(execFile|spawn|exec)\w*\(\s*['"]docker['"]/.test(readFileSync(f, 'utf8')));
    expect(users).toEqual([]);
  });
});
