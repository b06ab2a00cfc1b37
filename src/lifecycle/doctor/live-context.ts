/** A LiveContext over a set: containers read from the engine once, changes listed once per container. */
import type { Project } from '../../model/project.js';
import type { ChangedPath } from '../../model/doctor/file-changes.js';
import { byService, findSetResources } from '../set-resources.js';
import type { SetContext } from '../set-context.js';
import type { ForcedUidRun, FreshRun, LiveContext, Replica } from './live-check.js';

export async function liveContext(set: SetContext, project: Project, extra: { fresh?: FreshRun; forced?: ForcedUidRun; signal?: AbortSignal } = {}): Promise<LiveContext> {
  const containers = byService((await findSetResources(set.engine, set.projectName, set.set)).containers);
  const replicas = new Map<string, Promise<Replica | undefined>>();
  const changes = new Map<string, Promise<ChangedPath[]>>();
  const memos = new Map<string, Promise<unknown>>();
  return {
    set,
    project,
    ...extra,
    replica(service) {
      let p = replicas.get(service);
      if (!p) {
        const summary = containers.get(service)?.[0];
        p = summary ? set.engine.inspectContainer(summary.id).then((details) => details && { summary, details }) : Promise.resolve(undefined);
        replicas.set(service, p);
      }
      return p;
    },
    changes(id) {
      let p = changes.get(id);
      if (!p) {
        p = set.engine.containerChanges(id);
        changes.set(id, p);
      }
      return p;
    },
    memo<T>(key: string, make: () => Promise<T>): Promise<T> {
      let p = memos.get(key);
      if (!p) {
        p = make();
        memos.set(key, p);
      }
      return p as Promise<T>;
    },
  };
}

/** Whether the set has a running container at all (doctor looks live only then). */
export async function setIsRunning(set: SetContext): Promise<boolean> {
  const { containers } = await findSetResources(set.engine, set.projectName, set.set);
  return containers.some((c) => c.state === 'running');
}
