/**
 * The library's front door: load a project, connect to the engine, and work with its sets.
 *
 *   const tb = await Testbed.open({ files: ['compose.yaml'] });
 *   const demo = tb.set('demo');
 *   await demo.up();
 *   const url = await demo.url('web', 80);   // http://127.x.y.z:80
 *   await demo.destroy({ volumes: true });
 */
import { ConfigNotFoundError, UsageError } from '../common/errors.js';
import { connectEngine } from '../engine/connect.js';
import type { Engine } from '../engine/engine.js';
import { loadProject, type LoadOptions } from '../model/load-project.js';
import type { Project } from '../model/project.js';
import { LABEL, managedSelector } from '../plan/labels.js';
import { validateSetName } from '../plan/names.js';
import { listSets, type SetSummary } from '../lifecycle/list-sets.js';
import { newSetContext } from '../lifecycle/set-context.js';
import { stateRoot } from '../lifecycle/set-folder.js';
import { Snapshots } from './snapshots.js';
import { TestbedSet } from './testbed-set.js';

export interface OpenOptions extends LoadOptions {
  /** An engine to use instead of connecting from the environment. */
  engine?: Engine;
  /** Where set folders live (default: TESTBED_STATE_DIR, XDG state dir). */
  stateDir?: string;
  /**
   * false: a missing Compose file is not an error; the project is then found from the
   * labels of the set named in set() (for verbs that work on an existing set).
   */
  requireProject?: boolean;
  /** Aborting it (Ctrl-C) abandons every engine call in flight at once. */
  signal?: AbortSignal;
  /** How long one engine call may go unanswered; default TESTBED_ENGINE_TIMEOUT, else 60 s. */
  engineTimeoutMs?: number;
}

export class Testbed {
  private constructor(
    readonly engine: Engine,
    readonly project: Project | undefined,
    private readonly stateDirectory: string,
  ) {}

  static async open(options: OpenOptions = {}): Promise<Testbed> {
    const project = await loadProject(options).catch((err: unknown) => {
      if (err instanceof ConfigNotFoundError && options.requireProject === false) return undefined;
      throw err;
    });
    const engine =
      options.engine ??
      (await connectEngine({
        env: options.env,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.engineTimeoutMs !== undefined ? { timeoutMs: options.engineTimeoutMs } : {}),
      }));
    return new Testbed(engine, project, options.stateDir ?? stateRoot({ env: options.env }));
  }

  /** Loads the project only (no engine needed): for `config` and validation. */
  static loadProject(options: LoadOptions = {}): Promise<Project> {
    return loadProject(options);
  }

  /** A set of this project; the default set is named after the project. */
  async set(name?: string, projectName?: string): Promise<TestbedSet> {
    const setName = name ?? this.project?.name;
    if (!setName) throw new UsageError('name the set (no Compose file here to take a default name from)');
    validateSetName(setName);
    const project = projectName ?? this.project?.name ?? (await this.projectOfSet(setName));
    const ctx = newSetContext({
      engine: this.engine,
      stateRoot: this.stateDirectory,
      projectName: project,
      project: this.project && this.project.name === project ? this.project : undefined,
      set: setName,
    });
    return new TestbedSet(ctx);
  }

  listSets(): Promise<SetSummary[]> {
    return listSets(this.engine);
  }

  /** Snapshots on the engine (names resolve in this project, when there is one). */
  snapshots(projectName?: string): Snapshots {
    return new Snapshots(this.engine, projectName ?? this.project?.name);
  }

  /** Without a file: the one project on the engine that has a set of this name. */
  private async projectOfSet(set: string): Promise<string> {
    const [containers, volumes] = await Promise.all([
      this.engine.listContainers({ ...managedSelector(), [LABEL.set]: set }),
      this.engine.listVolumes({ ...managedSelector(), [LABEL.set]: set }),
    ]);
    const projects = [...new Set([...containers, ...volumes].map((o) => o.labels[LABEL.project]).filter(Boolean))];
    if (projects.length === 1) return projects[0]!;
    if (projects.length === 0) {
      throw new ConfigNotFoundError(`no Compose file here, and no set named ${set} on the engine`, {
        hint: 'Run it in the project directory or pass -f FILE; testbed ls lists the sets that exist.',
      });
    }
    throw new UsageError(`set ${set} exists in several projects (${projects.join(', ')})`, {
      hint: 'Pass -p PROJECT, or -f FILE of the one you mean.',
    });
  }
}
