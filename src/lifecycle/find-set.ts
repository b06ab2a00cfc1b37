/**
 * Which projects have a set of a given name: what a command run outside any project looks
 * at to find the set. A set exists where the engine has objects labelled with it (containers,
 * volumes, networks) or the state folder has its record (a destroyed set keeps its folder).
 */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { LABEL, managedSelector } from '../plan/labels.js';

/** Sorted project names. Without an engine, only the state folder is read (Kubernetes verbs). */
export async function projectsWithSet(engine: Engine | undefined, stateRoot: string, set: string): Promise<string[]> {
  const selector = { ...managedSelector(), [LABEL.set]: set };
  const [labelled, recorded] = await Promise.all([
    engine
      ? Promise.all([engine.listContainers(selector), engine.listVolumes(selector), engine.listNetworks(selector)]).then((lists) =>
          lists.flat().map((o) => o.labels[LABEL.project]),
        )
      : [],
    projectsInStateRoot(stateRoot, set),
  ]);
  return [...new Set([...labelled, ...recorded].filter((p): p is string => Boolean(p)))].sort();
}

/** <root>/<project>/<set>/set.json */
async function projectsInStateRoot(stateRoot: string, set: string): Promise<string[]> {
  const entries = await readdir(stateRoot, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ((await access(join(stateRoot, e.name, set, 'set.json')).then(() => true, () => false)) ? e.name : undefined)),
  );
  return found.filter((p): p is string => p !== undefined);
}
