/**
 * The layers import one way, checked on the real import graph: every `import`, `import type`,
 * `export ... from` and dynamic `import()` of src/, resolved by TypeScript's own module
 * resolution with the project's compiler options.
 *
 *   common -> config -> model -> plan -> set-config -> engine -> lifecycle -> api -> cli
 *
 * A layer may import its own files and any layer before it. k8s/ stands beside the line: it reads
 * the model and the pure set configuration, never the engine or the Docker lifecycle, and only
 * api/ uses it. cli/ speaks to api/ and common/ alone, and loads ui/ (the dashboard's server), which
 * speaks to api/ and common/ alone too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');
const ORDER = ['common', 'config', 'model', 'plan', 'set-config', 'engine', 'lifecycle', 'api', 'cli'];

/** Layers beside the main line: what each may import, and who may import it. */
const SIDE: Record<string, { imports: string[]; importedBy: string[] }> = {
  k8s: { imports: ['common', 'model', 'plan', 'set-config'], importedBy: ['api'] },
};

/** Layers whose only outward reach is through others: cli/ and the library's entry file. */
const ONLY: Record<string, string[]> = {
  // cli/ may also load the dashboard's server (ui/), which is built on api/ alone.
  cli: ['api', 'common', 'ui'],
  ui: ['api', 'common'],
  'index.ts': ['api', 'common'],
};

/** Packages one layer alone may import (the engine's client, the cluster's, the template engine). */
const PACKAGE_OWNERS: Record<string, string> = {
  dockerode: 'engine',
  'docker-modem': 'engine',
  '@kubernetes/client-node': 'k8s',
  'kubernetes-models': 'k8s',
  '@kubernetes-models/apimachinery': 'k8s',
  liquidjs: 'set-config',
};

/** Layers that compute from what they read: no writing files, no processes, no network. */
const PURE = ['config', 'model', 'plan', 'set-config'];
const READING = new Set(['readFile', 'readFileSync', 'access', 'existsSync', 'stat', 'lstat', 'readdir', 'realpath', 'realpathSync', 'constants']);
const IMPURE_MODULES = ['node:child_process', 'node:net', 'node:http', 'node:https', 'node:dgram'];

type Kind = 'static' | 'type' | 'dynamic';

interface Edge {
  from: string;
  spec: string;
  kind: Kind;
  /** A file of src/, absolute. */
  file?: string;
  /** A package (its name) or a node: built-in. */
  module?: string;
  /** Names imported from it (for node:fs). */
  names: string[];
}

const compilerOptions = (() => {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
})();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function edgesOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const add = (spec: string, kind: Kind, names: string[] = []) => {
    const resolved = ts.resolveModuleName(spec, file, compilerOptions, ts.sys).resolvedModule;
    const inSrc = resolved && !resolved.isExternalLibraryImport && resolved.resolvedFileName.startsWith(SRC + '/');
    edges.push({ from: file, spec, kind, names, ...(inSrc ? { file: resolved.resolvedFileName } : { module: spec.startsWith('node:') ? spec : (resolved?.packageId?.name ?? packageName(spec)) }) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly ? 'type' : 'static', named?.map((e) => (e.propertyName ?? e.name).text) ?? []);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier.text, node.isTypeOnly || (named && named.length > 0 && named.every((e) => e.isTypeOnly)) ? 'type' : 'static');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, 'dynamic');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, 'type');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** cli, k8s... for a file of src/; the file's own name for one at the top (index.ts). */
function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

const ALL = files(SRC);
const GRAPH = new Map(ALL.map((f) => [f, edgesOf(f)]));
const EDGES = [...GRAPH.values()].flat();
const show = (e: Edge) => `${relative(SRC, e.from)} ${e.kind === 'static' ? 'imports' : e.kind === 'type' ? 'imports types of' : 'loads'} ${e.file ? relative(SRC, e.file) : e.module}`;

function layerViolation(e: Edge): boolean {
  const from = layerOf(e.from);
  const to = layerOf(e.file!);
  if (from === to) return false;
  if (ONLY[from]) return !ONLY[from].includes(to);
  if (SIDE[from]) return !SIDE[from].imports.includes(to);
  if (SIDE[to]) return !SIDE[to].importedBy.includes(from);
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}

/** Every module a file loads when it is loaded: its static imports, and theirs (type imports are erased, dynamic ones wait). */
function loadedBy(start: string): { files: Set<string>; modules: Set<string> } {
  const seen = new Set<string>([start]);
  const modules = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    for (const e of GRAPH.get(queue.shift()!) ?? []) {
      if (e.kind !== 'static') continue;
      if (e.module) modules.add(e.module);
      if (e.file && !seen.has(e.file)) {
        seen.add(e.file);
        queue.push(e.file);
      }
    }
  }
  return { files: seen, modules };
}

describe('source layers', () => {
  it('reads the import graph of every file (sanity: it is not empty, and relative imports resolve)', () => {
    expect(EDGES.filter((e) => e.file).length).toBeGreaterThan(500);
    expect(EDGES.filter((e) => e.spec.startsWith('.') && !e.file).map(show)).toEqual([]);
    expect(EDGES.some((e) => e.kind === 'dynamic')).toBe(true);
  });

  it('no layer imports a layer above it; k8s/ stays beside the Docker side', () => {
    expect(EDGES.filter((e) => e.file && layerViolation(e)).map(show)).toEqual([]);
  });

  it('cli/ imports only api/ and common/ (and loads ui/), ui/ only api/ and common/ (types and lazy loads included), as src/index.ts does', () => {
    const outside = EDGES.filter((e) => e.file && ONLY[layerOf(e.from)] && !ONLY[layerOf(e.from)]!.includes(layerOf(e.file)) && layerOf(e.file) !== layerOf(e.from));
    expect(outside.map(show)).toEqual([]);
  });

  it('only engine/ uses the Docker client, only k8s/ the Kubernetes ones, only set-config/ Liquid', () => {
    const misplaced = EDGES.filter((e) => e.module && PACKAGE_OWNERS[packageName(e.module)] && PACKAGE_OWNERS[packageName(e.module)] !== layerOf(e.from));
    expect(misplaced.map(show)).toEqual([]);
  });

  it('config/, model/, plan/ and set-config/ read files at most: they write none, start no process, open no socket', () => {
    const impure = EDGES.filter((e) => PURE.includes(layerOf(e.from)) && e.module && e.kind !== 'type').filter((e) => {
      if (IMPURE_MODULES.includes(e.module!)) return true;
      return (e.module === 'node:fs' || e.module === 'node:fs/promises') && !e.names.every((n) => READING.has(n));
    });
    expect(impure.map((e) => `${show(e)} { ${e.names.join(', ')} }`)).toEqual([]);
  });

  it('no file of src/ imports src/index.ts (it is the library\'s entry, not a barrel for the CLI)', () => {
    expect(EDGES.filter((e) => e.file === join(SRC, 'index.ts')).map(show)).toEqual([]);
  });

  it('nothing shells out to the docker binary', () => {
    const users = ALL.filter((f) => /(execFile|spawn|exec)\w*\(\s*['"]docker['"]/.test(readFileSync(f, 'utf8')));
    expect(users).toEqual([]);
  });
});

describe('what a command loads before it runs', () => {
  const HEAVY = ['liquidjs', '@kubernetes/client-node', 'kubernetes-models', '@kubernetes-models/apimachinery'];

  it('the CLI itself loads no verb: each verb module is loaded when its verb is used', () => {
    const main = loadedBy(join(SRC, 'cli', 'main.ts'));
    expect([...main.files].filter((f) => f.includes(`${join('cli', 'commands')}/`)).map((f) => relative(SRC, f))).toEqual([]);
  });

  it.each([
    ['status, ls and config', 'inspect.ts'],
    ['logs', 'logs.ts'],
    ['exec, shell and cp', 'exec.ts'],
    ['destroy and remove', 'destroy.ts'],
    ['up (Liquid loads on its first render)', 'up.ts'],
    ['build, create, start and stop', 'steps.ts'],
  ])('%s: loading the verb loads neither the Kubernetes side, nor its client, nor Liquid', (_verbs, module) => {
    const loaded = loadedBy(join(SRC, 'cli', 'commands', module));
    const k8s = [...loaded.files].filter((f) => layerOf(f) === 'k8s').map((f) => relative(SRC, f));
    expect({ k8s, heavy: HEAVY.filter((m) => [...loaded.modules].some((l) => packageName(l) === m)) }).toEqual({ k8s: [], heavy: [] });
  });

  it('testbed --version loads nothing but the CLI\'s own small files: commander and the library load with a verb', () => {
    const loaded = loadedBy(join(SRC, 'cli', 'main.ts'));
    expect([...loaded.modules].filter((m) => !m.startsWith('node:'))).toEqual(['picocolors']);
    expect([...loaded.files].filter((f) => !['cli', 'common'].includes(layerOf(f))).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('status and ls read the engine without dockerode (it loads with the first call that changes something), load the Compose loader only when a project loads (ls loads none), and no runner of tests, builds or snapshots', () => {
    const loaded = loadedBy(join(SRC, 'cli', 'commands', 'inspect.ts'));
    const heavy = ['dockerode', 'docker-modem', 'yaml', 'zod', 'tar-fs', 'tar-stream', 'p-limit', 'diff', 'tinyglobby', 'bcryptjs'];
    expect(heavy.filter((m) => [...loaded.modules].some((l) => packageName(l) === m))).toEqual([]);
    const runners = ['lifecycle/up.ts', 'lifecycle/create.ts', 'lifecycle/tests/run-tests.ts', 'lifecycle/snapshot/take-snapshot.ts', 'engine/docker/docker-build.ts'];
    expect(runners.filter((r) => loaded.files.has(join(SRC, r)))).toEqual([]);
  });

  it('k8s render loads the cluster client only when it talks to a cluster', () => {
    const loaded = loadedBy(join(SRC, 'cli', 'commands', 'k8s.ts'));
    expect([...loaded.modules].filter((m) => packageName(m) === '@kubernetes/client-node')).toEqual([]);
    expect([...loaded.files].some((f) => f.endsWith(join('k8s', 'manifests.ts')))).toBe(true);
  });
});
