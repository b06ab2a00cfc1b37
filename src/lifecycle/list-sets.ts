/**
 * `ls`: every set on the engine, found by labels, whatever project it belongs to.
 */
import type { Engine } from '../engine/engine.js';
import { LABEL, managedSelector } from '../plan/labels.js';
import { choicesFromLabels, recordedChoices, type SetChoices } from './set-choices.js';
import { SetFolder } from './set-folder.js';

export type SetState = 'running' | 'partial' | 'stopped' | 'created' | 'destroyed';

export interface SetSummary {
  project: string;
  set: string;
  state: SetState;
  servicesUp: number;
  servicesTotal: number;
  containers: number;
  volumes: number;
  createdAt?: Date;
  projectDirectory?: string;
  /** How the set was made: recorded in its folder (stateRoot given), else read from its containers' labels. */
  files?: string[];
  envFiles?: string[];
  profiles?: string[];
}

export async function listSets(engine: Engine, stateRoot?: string): Promise<SetSummary[]> {
  const [containers, volumes] = await Promise.all([
    engine.listContainers(managedSelector()),
    engine.listVolumes(managedSelector()),
  ]);
  const sets = new Map<string, SetSummary & { up: Set<string>; all: Set<string>; states: Set<string>; labelled?: SetChoices }>();
  const entry = (labels: Record<string, string>) => {
    const project = labels[LABEL.project];
    const set = labels[LABEL.set];
    if (!project || !set) return undefined;
    const key = `${project}\0${set}`;
    let s = sets.get(key);
    if (!s) {
      s = { project, set, state: 'destroyed', servicesUp: 0, servicesTotal: 0, containers: 0, volumes: 0, up: new Set(), all: new Set(), states: new Set() };
      sets.set(key, s);
    }
    return s;
  };
  for (const c of containers) {
    const s = entry(c.labels);
    // One-off containers (tests, jobs) are not services of the set.
    if (!s || c.labels[LABEL.run] !== undefined) continue;
    const service = c.labels[LABEL.service] ?? '';
    s.containers++;
    s.all.add(service);
    s.states.add(c.state);
    if (c.state === 'running') s.up.add(service);
    if (!s.createdAt || c.createdAt < s.createdAt) s.createdAt = c.createdAt;
    s.projectDirectory ??= c.labels[LABEL.projectDirectory];
    s.labelled ??= choicesFromLabels(c.labels);
  }
  for (const v of volumes) {
    const s = entry(v.labels);
    if (s) s.volumes++;
  }
  const summaries = await Promise.all(
    [...sets.values()].map(async ({ up, all, states, labelled, ...s }) => {
      const made = (stateRoot ? await recordedChoices(undefined, new SetFolder(stateRoot, s.project, s.set)) : undefined) ?? labelled;
      return {
        ...s,
        ...(made ? { projectDirectory: made.projectDirectory, files: made.files, profiles: made.profiles, ...(made.envFiles ? { envFiles: made.envFiles } : {}) } : {}),
        servicesUp: up.size,
        servicesTotal: all.size,
        state: setState(s.containers, up.size, all.size, states),
      };
    }),
  );
  return summaries.sort((a, b) => a.project.localeCompare(b.project) || a.set.localeCompare(b.set));
}

function setState(containers: number, up: number, total: number, states: Set<string>): SetState {
  if (containers === 0) return 'destroyed';
  if (up === total) return 'running';
  if (up > 0) return 'partial';
  if ([...states].every((s) => s === 'created')) return 'created';
  return 'stopped';
}
