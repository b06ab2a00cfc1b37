/** What the engine holds for a set of a temporary project, as a test looks at it. */
import { LABEL, setSelector } from '../../src/plan/labels.js';
import type { TempProject } from './project.js';

/** The set's networks by name, sorted: a name twice means the engine holds two networks of that name. */
export async function networkNames(p: TempProject, set: string): Promise<string[]> {
  const tb = await p.open();
  return (await tb.engine.listNetworks(setSelector(p.name, set))).map((n) => n.name).sort();
}

/** Names of the set's one-off containers (a job or test in a new container). */
export async function oneOffNames(p: TempProject, set: string): Promise<string[]> {
  const tb = await p.open();
  return (await tb.engine.listContainers(setSelector(p.name, set))).filter((c) => c.labels[LABEL.run] !== undefined).map((c) => c.name);
}
