/**
 * The library's front door: load a project, connect to the engine, and work with its sets.
 *
 *   const tb = await Testbed.open({ files: ['compose.yaml'] });
 *   const demo = tb.set('demo');
 *   await demo.up();
 *   const url = await demo.url('web', 80);   // http://127.x.y.z:80
 *   await demo.destroy({ volumes: true });
 *
 * A set keeps the Compose files, env files and profiles it was made with: tb.set('prod') loads
 * them, whatever directory tb was opened in (lifecycle/resolve-set.ts has the rules).
 */
import { resolve } from 'node:path';
import { ConfigError, ConfigNotFoundError } from '../common/errors.js';
import { connectEngine, type ConnectOptions } from '../engine/connect.js';
import type { Engine } from '../engine/engine.js';
import type { LoadOptions } from '../model/load-project.js';
import type { Project } from '../model/project.js';
import { listSets, type SetSummary } from '../lifecycle/list-sets.js';
import { resolveSet, type ResolvedSet, type SetIntent } from '../lifecycle/resolve-set.js';
import { replayOptions } from '../lifecycle/set-choices.js';
import { newSetContext, requireProject } from '../lifecycle/set-context.js';
import type { CompareOptions, SetComparison } from '../lifecycle/tests/compare-sets.js';
import { stateRoot } from '../lifecycle/set-folder.js';
import { watchSets, type SetEvent } from './set-events.js';
import { Snapshots } from './snapshots.js';
import { TestbedSet } from './testbed-set.js';

export type { SetIntent } from '../lifecycle/resolve-set.js';
export type { SetChoices } from '../lifecycle/set-choices.js';
export type { SetSummary } from '../lifecycle/list-sets.js';
export type { SetEvent } from './set-events.js';

export interface OpenOptions extends LoadOptions {
  /** An engine to use instead of connecting from the environment. */
  engine?: Engine;
  /** Where set folders live (default: TESTBED_STATE_DIR, XDG state dir). */
  stateDir?: string;
  /**
   * false: a missing Compose file is not an error; the set named in set() is then found by
   * its name (engine labels, state folder) and loaded with the files it was made with.
   */
  requireProject?: boolean;
  /** Aborting it (Ctrl-C) abandons every engine call in flight at once. */
  signal?: AbortSignal;
  /** How long one engine call may go unanswered; default TESTBED_ENGINE_TIMEOUT, else 60 s. */
  engineTimeoutMs?: number;
}

export interface SetOptions {
  /** The project of the set (-p); default: see SetIntent and lifecycle/resolve-set.ts. */
  project?: string;
  /** How the set may be found; default `create`: the project of the file, else the set's unique name. */
  intent?: SetIntent;
  /** Make the set from this Testbed's choices instead of those it was made with (up/create record them). */
  reconfigure?: boolean;
  /** false: the set's recorded Compose files not loading is no error (verbs that work from labels alone). */
  needsProject?: boolean;
  /** The verb, for the command shown in errors. */
  verb?: string;
}

export class Testbed {
  private constructor(
    readonly engine: Engine,
    readonly project: Project | undefined,
    private readonly stateDirectory: string,
    private readonly options: LoadOptions,
    /** The error of the files here, when they do not load on their own (see loadHere). */
    private readonly unloadable?: ConfigError,
  ) {}

  static async open(options: OpenOptions = {}): Promise<Testbed> {
    const { here, unloadable } = await loadHere(options, options.requireProject === false);
    const engine = options.engine ?? (await connectEngine(engineOptions(options)));
    return new Testbed(engine, here, options.stateDir ?? stateRoot({ env: options.env }), options, unloadable);
  }

  /** The engine and state folder only, without any project (ls). */
  static async connect(options: Pick<OpenOptions, 'engine' | 'stateDir' | 'env' | 'signal' | 'engineTimeoutMs'> = {}): Promise<Testbed> {
    const engine = options.engine ?? (await connectEngine(engineOptions(options)));
    return new Testbed(engine, undefined, options.stateDir ?? stateRoot({ env: options.env }), { env: options.env });
  }

  /**
   * The project a set is loaded with, without the engine (Kubernetes verbs): the choices the set
   * was made with when the state folder has them, else the project the options load here.
   */
  static async loadProjectForSet(set: string | undefined, options: OpenOptions & { intent?: SetIntent } = {}): Promise<Project> {
    const { here, unloadable } = await loadHere(options, set !== undefined);
    const resolved = await resolveSet({
      engine: undefined,
      stateRoot: options.stateDir ?? stateRoot({ env: options.env }),
      options,
      here,
      set,
      intent: options.intent ?? 'create',
    }).catch((err: unknown) => {
      throw unloadable ?? err;
    });
    if (unloadable && !madeHere(resolved, options)) throw unloadable;
    if (!resolved.project) {
      throw new ConfigNotFoundError(`no Compose file here, and set ${resolved.set} of project ${resolved.projectName} has no recorded files`, {
        hint: 'Run it in the project directory, or pass -f FILE.',
      });
    }
    return resolved.project;
  }

  /** Loads the project only (no engine needed): for `config` and validation. */
  static loadProject(options: LoadOptions = {}): Promise<Project> {
    return loadProject(options);
  }

  /**
   * A set, loaded with the choices it was made with (Compose files, env files, profiles), whatever
   * directory this Testbed was opened in; the default set is named after the project. The second
   * argument may be the project name alone. See lifecycle/resolve-set.ts for the rules.
   */
  async set(name?: string, options: string | SetOptions = {}): Promise<TestbedSet> {
    const opts = typeof options === 'string' ? { project: options } : options;
    const resolved: ResolvedSet = await resolveSet({
      engine: this.engine,
      stateRoot: this.stateDirectory,
      options: opts.project ? { ...this.options, projectName: opts.project } : this.options,
      here: this.project,
      set: name,
      intent: opts.intent ?? 'create',
      ...(opts.reconfigure ? { reconfigure: true } : {}),
      ...(opts.needsProject === false ? { needsProject: false } : {}),
      ...(opts.verb ? { verb: opts.verb } : {}),
    }).catch((err: unknown) => {
      throw this.unloadable ?? err;
    });
    // A verb that needs no files, on a project named with -p, does not need the files here either.
    const filesNotNeeded = opts.needsProject === false && resolved.chosenBy === 'option';
    if (this.unloadable && !filesNotNeeded && !madeHere(resolved, this.options)) throw this.unloadable;
    const ctx = newSetContext({
      engine: this.engine,
      stateRoot: this.stateDirectory,
      projectName: resolved.projectName,
      project: resolved.project,
      set: resolved.set,
    });
    return new TestbedSet(ctx, resolved);
  }

  /**
   * A new set to make from a snapshot (`up({ from })`), wherever this Testbed was opened: loaded
   * as set() loads it (the set's own choices, or the files here when they are the project's);
   * with none of those, with the choices the snapshot recorded, else those of the set it was
   * taken from. That is how the dashboard starts a set from a snapshot from any directory.
   */
  async setFromSnapshot(name: string, snapshot: string, projectName: string): Promise<TestbedSet> {
    const set = await this.set(name, { project: projectName, verb: 'up' });
    if (set.project || !set.resolution) return set;
    const { snapshotChoices } = await import('../lifecycle/snapshot/snapshot-choices.js');
    const choices = await snapshotChoices(this.engine, this.stateDirectory, projectName, snapshot);
    if (!choices) {
      throw new ConfigNotFoundError(`snapshot ${snapshot} of project ${projectName} does not say which Compose files it was taken with, and the set it was taken from is gone`, {
        hint: `Run it in the project directory: testbed up ${name} --from ${snapshot}`,
      });
    }
    const project = await loadProject(replayOptions(choices, this.options, projectName));
    const ctx = newSetContext({ engine: this.engine, stateRoot: this.stateDirectory, projectName, project, set: name });
    return new TestbedSet(ctx, { ...set.resolution, project });
  }

  /**
   * The same tests on several sets (`testbed test --sets a,b`): each set's outcomes, and what
   * differs in their outputs once each set's own names, addresses, secrets and times are
   * replaced by placeholders. Each set renders its tests with its own values and secrets.
   */
  async compareSets(names: string[], options: CompareOptions = {}, projectName?: string): Promise<SetComparison> {
    const sets = await Promise.all(names.map((name) => this.set(name, { intent: 'use', ...(projectName ? { project: projectName } : {}) })));
    // Loaded here: opening a Testbed (status, ls) does not load the test runner.
    const [{ compareSets }, { setTestHooks }] = await Promise.all([
      import('../lifecycle/tests/compare-sets.js'),
      import('../lifecycle/tests/set-test-hooks.js'),
    ]);
    return compareSets(
      sets.map((s) => s.context),
      { hooksFor: (ctx) => setTestHooks(ctx, requireProject(ctx, 'test')), ...options },
    );
  }

  /** Every set on the engine, with the choices it was made with. */
  listSets(): Promise<SetSummary[]> {
    return listSets(this.engine, this.stateDirectory);
  }

  /** Each engine event of any set (a service started, died, turned healthy...) until the signal aborts. */
  watch(onEvent: (event: SetEvent) => void, signal: AbortSignal): Promise<void> {
    return watchSets(this.engine, onEvent, signal);
  }

  /** Snapshots on the engine (names resolve in this project, when there is one). */
  snapshots(projectName?: string): Snapshots {
    // Files here that do not load still name the project the user means: say what is wrong.
    if (!projectName && this.unloadable) throw this.unloadable;
    return new Snapshots(this.engine, projectName ?? this.project?.name);
  }
}

function engineOptions(options: Pick<OpenOptions, 'env' | 'signal' | 'engineTimeoutMs'>): ConnectOptions {
  return {
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.engineTimeoutMs !== undefined ? { timeoutMs: options.engineTimeoutMs } : {}),
  };
}

/**
 * The project of the files here. With `lenient`, missing files are no error, and neither are
 * files that do not load on their own (a required variable that only a set's env file sets,
 * e.g. `${ENVIRONMENT:?}` with `--env-file .env.prod`): a set made from this directory is then
 * loaded with the choices it recorded, and anything else gets the files' own error (madeHere).
 */
/** The Compose loader (YAML, the schema) is loaded by the first project load: `ls` needs none. */
async function loadProject(options: LoadOptions): Promise<Project> {
  return (await import('../model/load-project.js')).loadProject(options);
}

async function loadHere(options: LoadOptions, lenient: boolean): Promise<{ here?: Project; unloadable?: ConfigError }> {
  try {
    return { here: await loadProject(options) };
  } catch (err) {
    if (lenient && err instanceof ConfigNotFoundError) return {};
    if (lenient && err instanceof ConfigError) return { unloadable: err };
    throw err;
  }
}

/** The set was made from this directory (cwd or --project-directory) and loads with its recorded choices. */
function madeHere(resolved: ResolvedSet, options: LoadOptions): boolean {
  const directory = resolve(options.cwd ?? process.cwd(), options.projectDirectory ?? '.');
  return resolved.project !== undefined && resolved.recorded?.projectDirectory === directory;
}
