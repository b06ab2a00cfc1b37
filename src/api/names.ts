/**
 * The names a user would otherwise look up: sets, projects, services, tests, jobs, snapshots
 * and profiles. Shell completion (`testbed __complete`) and the dashboard ask for them here,
 * so both see what the CLI's own verbs would accept.
 *
 * A lookup that cannot answer (no engine, files that do not load) gives no names rather than
 * an error: a completion must never print a stack trace into a user's prompt.
 */
import type { LoadOptions, Project } from './project.js';
import { loadProject } from '../model/load-project.js';
import { loadTests } from '../model/testbed-tests.js';
import { Testbed } from './testbed.js';

export type NameKind = 'sets' | 'projects' | 'services' | 'tests' | 'jobs' | 'snapshots' | 'profiles';

export const NAME_KINDS: readonly NameKind[] = ['sets', 'projects', 'services', 'tests', 'jobs', 'snapshots', 'profiles'];

export interface NameQuery {
  kind: NameKind;
  /** For services, tests and jobs: the set whose recorded files to read (else the files here). */
  set?: string;
  /** The global options the user typed so far (-f, -p, --profile...). */
  load?: LoadOptions;
  /** Where set folders live (default: TESTBED_STATE_DIR, XDG state dir). */
  stateDir?: string;
  /** A completion waits this long for the engine at most (default 3 s). */
  engineTimeoutMs?: number;
}

const uniqueSorted = (names: Iterable<string>) => [...new Set(names)].sort();

export async function namesOf(query: NameQuery): Promise<string[]> {
  try {
    return uniqueSorted(await lookup(query));
  } catch {
    return [];
  }
}

async function lookup(query: NameQuery): Promise<string[]> {
  const load = query.load ?? {};
  const connect = () =>
    Testbed.connect({
      ...(query.stateDir ? { stateDir: query.stateDir } : {}),
      env: load.env,
      engineTimeoutMs: query.engineTimeoutMs ?? 3000,
    });
  switch (query.kind) {
    case 'sets': {
      const sets = await (await connect()).listSets();
      return sets.filter((s) => !load.projectName || s.project === load.projectName).map((s) => s.set);
    }
    case 'projects':
      return (await (await connect()).listSets()).map((s) => s.project);
    case 'snapshots': {
      // A bare snapshot name means one of this project's (-p, else the files here), as the verbs read it.
      const project = load.projectName ?? (await loadProject(load).then((p) => p.name, () => undefined));
      return (await (await connect()).snapshots(project).list({ all: !project })).map((s) => s.name);
    }
    case 'services':
      return Object.keys((await projectOf(query)).services);
    case 'jobs':
      return Object.keys((await projectOf(query)).jobs);
    case 'tests':
      return (await loadTests(await projectOf(query))).tests.map((t) => t.name);
    case 'profiles': {
      // "*" enables every profile, so that services only a profile starts are read too.
      const project = await loadProject({ ...load, profiles: ['*'] });
      return Object.values(project.services).flatMap((s) => s.profiles);
    }
  }
}

function projectOf(query: NameQuery): Promise<Project> {
  const load = query.load ?? {};
  if (!query.set) return loadProject(load);
  // A set not made yet (`up new-set <Tab>`) is made from the files here.
  return Testbed.loadProjectForSet(query.set, { ...load, ...(query.stateDir ? { stateDir: query.stateDir } : {}), intent: 'use' }).catch(() => loadProject(load));
}
