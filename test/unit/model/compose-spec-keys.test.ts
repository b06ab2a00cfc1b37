/**
 * Every property path of the Compose Specification's JSON schema (test/fixtures/compose-spec/keys.tsv,
 * written by hand with the schema's version noted) is accounted for: a key marked `acted` changes
 * what Testbed does (removing it from the sample changes `testbed config` or the engine specs, or
 * makes the file invalid, so it was needed); `warned` is accepted with a warning that names it and
 * says why it is ignored; `refused` is an error that names it. No Spec key is an "unknown key",
 * and none is dropped without a word. What `testbed k8s render` makes of the same sample is
 * written beside it in docs/compose-keys.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { loadProject } from '../../../src/model/load-project.js';
import type { Project } from '../../../src/model/project.js';
import { toCompose } from '../../../src/model/to-compose.js';
import { buildSpec } from '../../../src/plan/build-spec.js';
import { planSet, replicaKeys } from '../../../src/plan/set-plan.js';
import { tempFiles } from '../config/temp-files.js';
import { stringify } from 'yaml';
import { plain } from '../../../src/k8s/kube-object.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import type { RenderWarning } from '../../../src/k8s/render-warnings.js';
import { FIXED } from '../k8s/k8s-fixtures.js';

type Json = Record<string, unknown>;
interface Row {
  path: string;
  status: 'acted' | 'warned' | 'refused';
  sample: Json;
}

export const KEYS_FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'compose-spec', 'keys.tsv');

export function specKeys(): Row[] {
  return readFileSync(KEYS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('path\t'))
    .map((line) => {
      const [path, status, sample] = line.split('\t') as [string, Row['status'], string];
      return { path, status, sample: JSON.parse(sample) as Json };
    });
}

/** The names `*` stands for in the samples, by the key before it. */
const NAMES: Record<string, string> = { services: 'web', networks: 'n', volumes: 'v', configs: 'c', secrets: 's', models: 'm', depends_on: 'db', ulimits: 'nofile' };

function concrete(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    out.push(key === '*' ? NAMES[String(out[out.length - 1])]! : key);
    if (list) out.push(0);
  }
  return out;
}

function formatted(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function merge(base: unknown, add: unknown): unknown {
  if (base && add && typeof base === 'object' && typeof add === 'object' && !Array.isArray(base) && !Array.isArray(add)) {
    const out: Json = { ...(base as Json) };
    for (const [k, v] of Object.entries(add as Json)) out[k] = merge(out[k], v);
    return out;
  }
  return add;
}

/** The sample in a small project, with what it needs around it (declared resources, a service using them). */
function documentFor(row: Row): Json {
  const fragment = row.path.startsWith('services.*.') ? { services: { web: row.sample } } : row.sample;
  const doc = merge({ services: { web: { image: 'busybox' }, db: { image: 'busybox' } } }, fragment) as Json;
  const web = (doc.services as Json | undefined)?.web as Json | undefined;
  const text = JSON.stringify(fragment);
  const top = row.path.split('.')[0]!;
  if (web && !web.network_mode) {
    if (top === 'networks' && !web.networks) web.networks = ['default', 'n'];
    if (top === 'volumes' && !web.volumes) web.volumes = ['v:/v'];
    if (top === 'configs' && !web.configs) web.configs = ['c'];
    if (top === 'secrets' && !web.secrets) web.secrets = ['s'];
  }
  const declare = (section: string, name: string, value: Json) => {
    if (!(doc[section] as Json | undefined)?.[name]) doc[section] = { ...(doc[section] as Json), [name]: value };
  };
  if (text.includes('"networks":{"n"') || text.includes('"networks":["n"]')) declare('networks', 'n', row.sample.networks ? {} : { ipam: { config: [{ subnet: '10.78.0.0/24' }] } });
  if (text.includes('"source":"v"')) declare('volumes', 'v', {});
  if (text.includes('"configs":["c"]') || text.includes('"source":"c"')) declare('configs', 'c', { file: './c.txt' });
  if (text.includes('"secrets":["s"]') || text.includes('"source":"s"') || text.includes('"secrets":["s"]')) declare('secrets', 's', { file: './s.txt' });
  return doc;
}

function without(doc: Json, path: (string | number)[]): Json {
  const copy = structuredClone(doc);
  let node: unknown = copy;
  for (const part of path.slice(0, -1)) node = (node as Record<string | number, unknown>)?.[part];
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else if (node && typeof node === 'object') delete (node as Json)[last as string];
  return copy;
}

const SUPPORT_FILES: Record<string, string> = {
  'included.yaml': 'services:\n  inc:\n    image: "busybox:${INC_TAG:-latest}"\n    volumes: ["./incdata:/d"]\n',
  'included.env': 'INC_TAG=1\n',
  'sub/.keep': '',
  'base.yaml': 'services:\n  base:\n    image: busybox\n    environment: { FROM_BASE: "1" }\n',
  'app.labels': 'com.example.from-file=1\n',
  'web.env': 'A=1\n',
  'c.txt': 'config\n',
  's.txt': 'secret\n',
};

type Outcome = { project: Project; observed: string } | { error: ConfigError };

async function load(doc: Json): Promise<Outcome> {
  const temp = await tempFiles({ ...SUPPORT_FILES, 'compose.yaml': stringify(doc) });
  try {
    const project = await loadProject({ cwd: temp.dir, env: { FROM_ENV: 'x' }, profiles: ['extra'] });
    return { project, observed: observe(project) };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err };
    throw err;
  }
}

/**
 * Without the sample's temporary folder, and the project name taken from it (a new one for every
 * load), so that two loads differ only by what the key does.
 */
function anonymous(text: string, project: Project): string {
  return text.replaceAll(project.directory, '<dir>').replaceAll(project.name, '<name>');
}

/** What `testbed k8s render` makes of the project: its objects, and its warnings. */
async function render(project: Project): Promise<{ objects: string; warnings: RenderWarning[] } | { error: string }> {
  try {
    const rendered = await renderManifests(project, { set: 'one', ...FIXED });
    const warnings = rendered.warnings.map((w) => ({ path: w.path, message: anonymous(w.message, project) }));
    return { objects: anonymous(JSON.stringify(rendered.objects.map(plain)), project), warnings };
  } catch (err) {
    if (err instanceof ConfigError) return { error: anonymous(err.issues[0]?.message ?? err.message, project) };
    throw err;
  }
}

/**
 * The Kubernetes column: the render warnings about the key (or its parts), and whether removing
 * the key from the sample changes the rendered objects.
 */
async function kubernetesNote(name: string, sample: Project, bare: Outcome): Promise<string> {
  const withKey = await render(sample);
  if ('error' in withKey) return `refused: ${withKey.error}`;
  // About the key: at its path, a part of it or a parent of it; or, in the same service, naming it (`dns` names dns_search).
  const last = name.replace(/\[\d+\]/g, '').split('.').at(-1)!;
  const service = /^services\.[^.]+\./.exec(name)?.[0];
  const about = (w: RenderWarning) =>
    w.path === name ||
    [`${name}.`, `${name}[`].some((p) => w.path.startsWith(p)) ||
    [`${w.path}.`, `${w.path}[`].some((p) => name.startsWith(p)) ||
    (service !== undefined && w.path.startsWith(service) && new RegExp(`\\b${last}\\b`).test(w.message));
  const shown = (w: RenderWarning) => {
    if (w.path === name) return w.message;
    const child = w.path.startsWith(name) ? w.path.slice(name.length).replace(/^\./, '') : undefined;
    return `${child ?? w.path.replace(service ?? '', '')}: ${w.message}`;
  };
  const warnings = withKey.warnings.filter(about).map(shown);
  const without = 'error' in bare ? undefined : await render(bare.project);
  const changed = without === undefined || 'error' in without || without.objects !== withKey.objects;
  expect(warnings.join('\n'), `${name}: rendered, or warned with why it cannot be; never "not rendered yet"`).not.toMatch(/not rendered for Kubernetes yet/);
  if (changed) return warnings.length > 0 ? `rendered; warns: ${warnings.join('; ')}` : 'rendered';
  return warnings.length > 0 ? `warned: ${warnings.join('; ')}` : 'not in the rendered objects';
}

/** What the project makes Testbed do: its `testbed config`, and every spec the engine would be given. */
function observe(project: Project): string {
  const addresses = Object.fromEntries(replicaKeys(project, 'one').map((k, i) => [k, `127.1.0.${i + 1}`]));
  const images = Object.fromEntries(Object.values(project.services).map((s) => [s.name, s.image ?? 'built']));
  const plan = planSet({ project, set: 'one', addresses, images, publish: 'loopback' });
  const builds = Object.values(project.services).filter((s) => s.build).map((s) => buildSpec(project, s, 'h'.repeat(64), false));
  return anonymous(JSON.stringify({ config: toCompose(project), plan, builds }), project);
}

const rows = specKeys();

/** What each key does, for docs/compose-keys.md: the doc is this test's findings, so it cannot drift. */
const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'compose-keys.md');
const notes = new Map<string, string>();
/** What `testbed k8s render` does with each key's sample. */
const kubernetes = new Map<string, string>();

function keysDocument(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = rows.map((r) => `| \`${r.path}\` | ${r.status} | ${cell(notes.get(r.path) ?? '')} | ${cell(kubernetes.get(r.path) ?? '')} |`);
  const count = (status: Row['status']) => rows.filter((r) => r.status === status).length;
  return [
    '# Compose keys in Testbed',
    '',
    'Every property path of the Compose Specification\'s JSON schema (compose-spec/compose-spec',
    '`schema/compose-spec.json` at commit 00655e22, plus the Compose 5.0 build keys `no_cache_filter`,',
    '`provenance`, `sbom`), and what Testbed does with it: **acted** on, **warned** (accepted and',
    'ignored, with the reason shown here and in the warning), or **refused** (an error, with the reason).',
    '`*` stands for any name, `[]` for any list item.',
    '',
    `${rows.length} paths: ${count('acted')} acted on, ${count('warned')} warned, ${count('refused')} refused.`,
    '',
    'Written by `test/unit/model/compose-spec-keys.test.ts` from what loading each key\'s sample does',
    '(`UPDATE_DOCS=1 npx vitest run test/unit/model/compose-spec-keys.test.ts` rewrites it; the test fails',
    'when it differs). For an acted key the note says how the test saw it acted on.',
    '',
    'The last column is what `testbed k8s render` does with the same sample: **rendered** (removing the',
    'key changes the Kubernetes objects), **warned** (a render warning names it, with the reason), or',
    '**not in the rendered objects** (removing it changes none of them, and no render warning names it).',
    'See [kubernetes.md](kubernetes.md) for how each key maps.',
    '',
    '| key | status | note | Kubernetes |',
    '|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}

afterAll(() => {
  if (notes.size !== rows.length) return; // some tests were filtered out: the document would be partial
  const text = keysDocument();
  if (process.env.UPDATE_DOCS) writeFileSync(DOC, text);
  else expect(readFileSync(DOC, 'utf8'), 'docs/compose-keys.md is out of date: UPDATE_DOCS=1 rewrites it').toBe(text);
});

describe('every key of the Compose Specification', () => {
  it('is listed once, with a status and a sample', () => {
    expect(rows.length).toBeGreaterThan(300);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.path, r.status, r] as const))('%s is %s', async (_path, status, row) => {
    const path = concrete(row.path);
    const name = formatted(path);
    const doc = documentFor(row);
    const outcome = await load(doc);
    const issues = 'error' in outcome ? [...outcome.error.issues, ...outcome.error.warnings] : outcome.project.warnings;
    // Never an unknown key: every Spec key is known, whatever Testbed does with it.
    expect(issues.filter((w) => w.message.includes('unknown key')).map((w) => w.message)).toEqual([]);
    const about = (w: { path?: string | undefined }) => w.path !== undefined && (w.path === name || name.startsWith(`${w.path}.`) || name.startsWith(`${w.path}[`));

    if (status === 'refused') {
      expect('error' in outcome, `${name} should be refused`).toBe(true);
      if ('error' in outcome) {
        const issue = outcome.error.issues.find((i) => about(i) || i.message.includes(name));
        expect(issue).toBeDefined();
        notes.set(row.path, issue!.message.replace(/^[^:]*: /, ''));
      }
      kubernetes.set(row.path, 'refused (the file does not load)');
      return;
    }
    if ('error' in outcome) throw new Error(`${name}: the sample should load, but: ${outcome.error.message}`);
    const warnings = outcome.project.warnings.filter(about);
    if (status === 'warned') {
      expect(warnings.map((w) => w.message).join("\n"), `${name} should be warned about with a reason`).toMatch(/ is ignored: |obsolete and ignored|Swarm|taken as/);
      notes.set(row.path, warnings[0]!.message.replace(/^.*? is ignored: /, '').replace(/^[\w.[\]-]+: /, ''));
      kubernetes.set(row.path, await kubernetesNote(name, outcome.project, await load(without(doc, path))));
      return;
    }
    expect(warnings.filter((w) => w.message.includes(' is ignored: ')).map((w) => w.message)).toEqual([]);
    const bare = await load(without(doc, path));
    const changed = 'error' in bare || bare.observed !== outcome.observed;
    if (process.env.SPEC_KEYS_DEBUG) console.log(`${name}: ${'error' in bare ? `needed (${bare.error.issues[0]?.message})` : bare.observed !== outcome.observed ? 'changes the output' : 'NO EFFECT'}`);
    expect(changed, `${name}: removing it from the sample changes nothing Testbed does`).toBe(true);
    const why = 'error' in bare ? 'needed: the sample is invalid without it' : 'changes testbed config or the engine specs';
    notes.set(row.path, warnings.length > 0 ? `${why}; warns: ${warnings[0]!.message.replace(/^[\w.[\]-]+: /, '')}` : why);
    kubernetes.set(row.path, await kubernetesNote(name, outcome.project, bare));
  });
});
