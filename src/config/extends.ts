/**
 * Compose's `extends`: a service starts from another service, in the same file or in the
 * file `extends.file` names, and the file's own keys are merged over it with the same
 * rules as merging files (Compose Specification, services "extends": mappings merge by key,
 * sequences combine, scalars of the extending service win). Chains are followed; a loop is
 * an error that names every service in it. Resolved per file, before files are merged, as
 * Compose does. Each service is resolved once and chains are walked without recursion, so a
 * file of many services extending each other takes linear time and any chain length.
 */
import { dirname } from 'node:path';
import type { ConfigIssue, SourcePosition } from '../common/errors.js';
import { formatPath, type ConfigEntry, type ConfigMapping, type ConfigNode } from './config-tree.js';
import type { VariableLookup } from './interpolate.js';
import { checkKeys } from './key-check.js';
import { mergeService } from './merge.js';
import { readComposeFile, type ReadBudget, type ReadComposeFile } from './read-compose-file.js';
import { rebasePaths } from './rebase-paths.js';

/** What files `extends.file` points at are read with: the declaring project's variables and budget. */
export interface ExtendsScope {
  lookup: VariableLookup;
  budget: ReadBudget;
  /** The name of a file as positions show it. */
  display(path: string): string;
  /** Files read for `extends.file`, by absolute path, with their paths made absolute. */
  files: Map<string, Promise<ReadComposeFile>>;
}

interface ServiceRef {
  file: string;
  name: string;
}

interface ExtendsTarget {
  service: string;
  file?: string;
  position: SourcePosition;
}

export interface ResolvedExtends {
  tree: ConfigMapping;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** The file's services with every `extends` merged in and removed. @param file the tree's absolute path */
export async function resolveExtends(tree: ConfigMapping, file: string, scope: ExtendsScope): Promise<ResolvedExtends> {
  const services = tree.entries.get('services')?.value;
  if (services?.kind !== 'mapping' || ![...services.entries.values()].some((e) => hasExtends(e.value))) {
    return { tree, issues: [], warnings: [] };
  }
  const resolver = new ExtendsResolver(file, services, scope);
  const entries = new Map<string, ConfigEntry>();
  for (const [name, entry] of services.entries) {
    entries.set(name, { ...entry, value: (await resolver.resolve({ file, name })) ?? entry.value });
  }
  const resolved: ConfigMapping = { ...services, entries };
  const top = new Map(tree.entries);
  top.set('services', { ...tree.entries.get('services')!, value: resolved });
  return { tree: { ...tree, entries: top }, issues: resolver.issues, warnings: resolver.warnings };
}

class ExtendsResolver {
  readonly issues: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  /** Resolved services; undefined: failed (already reported). */
  private readonly done = new Map<string, ConfigNode | undefined>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly services: ConfigMapping,
    private readonly scope: ExtendsScope,
  ) {}

  async resolve(start: ServiceRef): Promise<ConfigNode | undefined> {
    const chain: { ref: ServiceRef; node: ConfigNode }[] = [];
    const inChain = new Set<string>();
    let current = start;
    let base: ConfigNode | undefined;
    for (;;) {
      const id = key(current);
      if (this.done.has(id)) {
        base = this.done.get(id);
        if (base === undefined) return this.fail(chain);
        break;
      }
      if (inChain.has(id)) {
        const refs = [...chain.map((c) => c.ref), current];
        const from = chain[chain.length - 1]!;
        this.issues.push({
          message: `${formatPath(['services', from.ref.name, 'extends'])}: services extend each other in a cycle: ${this.describe(refs)}; remove one of these extends`,
          position: extendsOf(from.node)?.position ?? from.node.position,
        });
        return this.fail(chain);
      }
      inChain.add(id);
      const previous = chain[chain.length - 1];
      const node = await this.serviceAt(current, previous && extendsOf(previous.node));
      if (!node) return this.fail(chain);
      chain.push({ ref: current, node });
      const target = extendsOf(node);
      if (!target) break;
      current = { file: target.file ?? current.file, name: target.service };
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const { ref, node } = chain[i]!;
      const own = withoutExtends(node);
      base = base === undefined ? own : mergeService(base, own, ref.name);
      this.done.set(key(ref), base);
    }
    return base;
  }

  private fail(chain: { ref: ServiceRef }[]): undefined {
    for (const { ref } of chain) this.done.set(key(ref), undefined);
    return undefined;
  }

  /** `web -> base -> web`, with file names when the chain crosses files. */
  private describe(refs: ServiceRef[]): string {
    const files = new Set(refs.map((r) => r.file));
    return refs.map((r) => (files.size > 1 ? `${r.name} (${this.scope.display(r.file)})` : r.name)).join(' -> ');
  }

  private async serviceAt(ref: ServiceRef, via: ExtendsTarget | undefined): Promise<ConfigNode | undefined> {
    let services: ConfigNode | undefined = this.services;
    if (ref.file !== this.file) {
      const loaded = await this.load(ref.file, via);
      if (!loaded) return undefined;
      services = loaded.entries.get('services')?.value;
    }
    const entry = services?.kind === 'mapping' ? services.entries.get(ref.name) : undefined;
    if (!entry) {
      const where = ref.file === this.file ? 'this file' : this.scope.display(ref.file);
      const known = services?.kind === 'mapping' ? [...services.entries.keys()] : [];
      const hint = known.length > 0 ? ` (it has ${known.slice(0, 8).join(', ')}${known.length > 8 ? '...' : ''})` : '';
      this.issues.push({ message: `extends names service "${ref.name}", which is not defined in ${where}${hint}`, ...(via ? { position: via.position } : {}) });
      return undefined;
    }
    const node = entry.value.kind === 'scalar' && entry.value.value === null ? { kind: 'mapping' as const, position: entry.value.position, entries: new Map() } : entry.value;
    if (ref.file !== this.file && !this.checked.has(key(ref))) {
      this.checked.add(key(ref));
      // Keys of a service taken from another file are acted on here: say which are not, where they are written.
      const single: ConfigMapping = { kind: 'mapping', position: node.position, entries: new Map([['services', { key: 'services', keyPosition: node.position, value: { kind: 'mapping', position: node.position, entries: new Map([[ref.name, entry]]) } }]]) };
      this.warnings.push(...checkKeys(single));
    }
    return node;
  }

  private async load(path: string, via: ExtendsTarget | undefined): Promise<ConfigMapping | undefined> {
    let pending = this.scope.files.get(path);
    if (!pending) {
      pending = readComposeFile({ path, display: this.scope.display(path) }, this.scope.lookup, this.scope.budget).then((read) =>
        read.tree ? { ...read, tree: rebasePaths(read.tree, { file: dirname(path), project: dirname(path) }) } : read,
      );
      this.scope.files.set(path, pending);
    }
    const read = await pending;
    if (!read.tree) {
      const first = read.issues[0];
      const message = `extends.file: ${first?.message ?? `cannot read ${this.scope.display(path)}`}`;
      // Report a file that cannot be read once, at the first extends that names it.
      if (!this.reported.has(path)) {
        this.reported.add(path);
        this.issues.push({ message, ...(first?.position ? { position: first.position } : via ? { position: via.position } : {}) });
        this.issues.push(...read.issues.slice(1));
      }
      return undefined;
    }
    return read.tree;
  }

  private readonly reported = new Set<string>();
}

function key(ref: ServiceRef): string {
  return `${ref.file}\0${ref.name}`;
}

function hasExtends(node: ConfigNode): boolean {
  return node.kind === 'mapping' && node.entries.has('extends');
}

/** `extends: name` or `extends: {service, file}`; undefined when there is none (or it is malformed: validation says so). */
function extendsOf(node: ConfigNode): ExtendsTarget | undefined {
  if (node.kind !== 'mapping') return undefined;
  const entry = node.entries.get('extends');
  if (!entry) return undefined;
  const value = entry.value;
  if (value.kind === 'scalar' && typeof value.value === 'string') return { service: value.value, position: value.position };
  if (value.kind !== 'mapping') return undefined;
  const service = value.entries.get('service')?.value;
  const file = value.entries.get('file')?.value;
  if (service?.kind !== 'scalar' || typeof service.value !== 'string') return undefined;
  const target: ExtendsTarget = { service: service.value, position: service.position };
  if (file?.kind === 'scalar' && typeof file.value === 'string' && file.value !== '') target.file = file.value;
  return target;
}

function withoutExtends(node: ConfigNode): ConfigNode {
  if (node.kind !== 'mapping' || !node.entries.has('extends')) return node;
  const entries = new Map(node.entries);
  entries.delete('extends');
  return { ...node, entries };
}
