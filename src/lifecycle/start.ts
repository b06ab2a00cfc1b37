/**
 * `start`: start a set's containers in dependency order. Each service starts as soon as its own
 * dependencies meet their conditions (started, healthy, completed successfully), so independent
 * branches of the graph never wait for each other. The first failure (a service that exits or
 * restarts, a job that fails) ends every wait at once; services already ready are watched until
 * the whole set is (failure-watch.ts).
 */
import { DependencyFailedError, TestbedError, UsageError } from '../common/errors.js';
import type { ContainerSummary } from '../engine/engine.js';
import type { Project, Service } from '../model/project.js';
import { awaitedToComplete, isOneShot, withDependencies } from '../plan/graph.js';
import { throwIfAborted } from './abort.js';
import { ignoreEvents } from './events.js';
import { injectFiles } from './configure/inject-files.js';
import { prepareWritable } from './arbitrary-uid/prepare-writable.js';
import { checkPortsFree, stopAfterPortClash } from './ports-free.js';
import { FailureWatch } from './failure-watch.js';
import { logTail } from './log-tail.js';
import { recordProbePassed } from './probe-record.js';
import { readyByHealthcheck, waitReady, type Readiness } from './readiness.js';
import { byService, findSetResources } from './set-resources.js';
import type { OperationOptions, SetContext } from './set-context.js';
import { postStartHooks } from './service-hooks.js';

export interface StartOptions extends OperationOptions {
  services?: string[];
  /** Wait until every started service is ready (default true). */
  wait?: boolean;
  /** How long readiness may take, for the whole set (default 120 s). */
  timeoutMs?: number;
  now?: () => number;
  /** The set's jobs, when the project has any: run in order with the services. */
  jobs?: JobHooks;
}

/** How start runs jobs without knowing what they are (see jobs/set-jobs.ts). */
export interface JobHooks {
  /** Jobs that run on their own after start (when: after-start). */
  afterStart: string[];
  /** Services (ready) and jobs (done) a job waits for. */
  dependsOn(job: string): string[];
  run(job: string): Promise<void>;
}

export const DEFAULT_READY_TIMEOUT_MS = 120_000;

export async function startSet(ctx: SetContext, project: Project, options: StartOptions = {}): Promise<void> {
  const events = options.events ?? ignoreEvents;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  const wait = options.wait ?? true;
  const selected = withDependencies(project.services, options.services ?? Object.keys(project.services));
  const containers = byService((await findSetResources(ctx.engine, ctx.projectName, ctx.set)).containers);

  const missing = selected.filter((s) => !(containers.get(s)?.length));
  if (missing.length) {
    throw new UsageError(`set ${ctx.set} has no containers for ${missing.join(', ')}`, {
      hint: `Create them first: testbed create ${ctx.set} (or testbed up ${ctx.set}).`,
    });
  }

  const jobsRun = new Map<string, Promise<void>>();
  const runJob = (name: string): Promise<void> => {
    let p = jobsRun.get(name);
    if (!p) {
      p = (async () => {
        await Promise.all(
          options.jobs!.dependsOn(name).map((dep) => (project.services[dep] ? readyService(dep) : runJob(dep))),
        );
        throwIfAborted(options.signal);
        await options.jobs!.run(name);
      })();
      jobsRun.set(name, p);
    }
    return p;
  };
  // A job whose services are not all being started (up of some services only) waits for another time.
  const startable = (job: string, seen = new Set<string>()): boolean =>
    options.jobs!.dependsOn(job).every((dep) =>
      project.services[dep] ? selected.includes(dep) : !seen.has(dep) && startable(dep, new Set([...seen, job])),
    );

  const started = new Map<string, Promise<void>>();
  const ready = new Map<string, Promise<Readiness[]>>();
  const completed = new Map<string, Promise<void>>();
  // A failure anywhere ends every wait at once: the set is not going to be ready.
  const stopWaiting = new AbortController();
  const waitSignal = options.signal ? AbortSignal.any([options.signal, stopWaiting.signal]) : stopWaiting.signal;
  const watch = new FailureWatch(ctx, now);
  /** The engine's restart count of each container when this start began with it, and when it started it (0: running already). */
  const begun = new Map<string, { restartsBefore: number; startedAt: number }>();

  const startService = (name: string): Promise<void> => {
    let p = started.get(name);
    if (!p) {
      p = (async () => {
        await dependenciesMet(project.services[name]!);
        throwIfAborted(options.signal);
        await Promise.all(containers.get(name)!.map((c) => startContainer(name, c)));
      })();
      started.set(name, p);
    }
    return p;
  };

  const readyService = (name: string): Promise<Readiness[]> => {
    let p = ready.get(name);
    if (!p) {
      // Others wait for it to finish: their wait decides (a failure is theirs: DEPENDENCY_FAILED).
      if (awaitedToComplete(project.services, name)) p = completedService(name).then(() => ['completed']);
      else p = startService(name).then(() => Promise.all(containers.get(name)!.map((c) => readyContainer(name, c))));
      ready.set(name, p);
    }
    return p;
  };

  async function readyContainer(name: string, c: ContainerSummary): Promise<Readiness> {
    const service = project.services[name]!;
    const { restartsBefore, startedAt } = begun.get(c.id) ?? { restartsBefore: 0, startedAt: 0 };
    const oneShot = isOneShot(project.services, name);
    const r = await waitReady(ctx, c.id, service, { oneShot, restartsBefore, deadline, signal: waitSignal, now });
    if (r === 'ready') {
      watch.add(c.id, { oneShot, restartsBefore, startedAt, healthy: readyByHealthcheck(service) });
      if (typeof service.healthcheck === 'object') {
        const details = await ctx.engine.inspectContainer(c.id);
        if (details) await recordProbePassed(ctx.folder, details);
      }
    }
    events({ kind: 'container', service: name, name: c.name, action: r });
    return r;
  }

  const completedService = (name: string): Promise<void> => {
    let p = completed.get(name);
    if (!p) {
      p = startService(name).then(async () => {
        for (const c of containers.get(name)!) {
          const code = await ctx.engine.waitContainer(c.id, waitSignal);
          if (code !== 0) {
            const tail = await logTail(ctx, c.id);
            throw new DependencyFailedError(`${c.name} exited with code ${code}, and others wait for it to succeed`, {
              hint: `Its last output:\n${tail || '(no output)'}\nSee all of it with: testbed logs ${ctx.set} ${name}`,
              details: { service: name, container: c.name, exitCode: code, logs: tail },
            });
          }
          events({ kind: 'container', service: name, name: c.name, action: 'completed' });
        }
      });
      completed.set(name, p);
    }
    return p;
  };

  async function dependenciesMet(service: Service): Promise<void> {
    await Promise.all([
      ...Object.entries(service.dependsOn)
        .filter(([dep]) => project.services[dep])
        .map(([dep, d]): Promise<unknown> => {
          if (d.condition === 'service_healthy') return readyService(dep);
          if (d.condition === 'service_completed_successfully') return completedService(dep);
          return startService(dep);
        }),
      ...(options.jobs ? service.afterJobs.map(runJob) : []),
    ]);
  }

  const startedHere: ContainerSummary[] = [];
  async function startContainer(service: string, c: ContainerSummary): Promise<void> {
    if (c.state === 'running' || c.state === 'restarting') {
      // Already up (or crashing): only restarts from now on count against it.
      begun.set(c.id, { restartsBefore: (await ctx.engine.inspectContainer(c.id))?.restartCount ?? 0, startedAt: 0 });
      return;
    }
    events({ kind: 'container', service, name: c.name, action: 'starting' });
    await prepareWritable(ctx, c);
    await injectFiles(ctx.engine, c);
    await ctx.engine.startContainer(c.id);
    startedHere.push(c);
    // The engine counts restarts from a client's start: 0 now.
    begun.set(c.id, { restartsBefore: 0, startedAt: now() });
    events({ kind: 'container', service, name: c.name, action: 'started' });
    await postStartHooks(ctx, project.services[service]!, c, events, options.signal);
  }

  await checkPortsFree(ctx.engine, ctx.set, selected.flatMap((s) => containers.get(s)!));
  const all: Promise<unknown>[] = selected.map((name) => (wait ? readyService(name) : startService(name)));
  if (options.jobs && wait) all.push(...options.jobs.afterStart.filter((job) => startable(job)).map(runJob));
  const failed = () => stopWaiting.abort();
  const work = settleAll(all, failed).then(
    () => watch.stop(true),
    (err: unknown) => {
      watch.stop(false);
      throw err;
    },
  );
  await settleAll(wait ? [work, watch.run(options.signal)] : [work], failed).catch((err: unknown) =>
    stopAfterPortClash(ctx.engine, startedHere, err, events),
  );
}

/**
 * Waits for every branch, then throws the most telling error: a real failure before an
 * interruption. `onFailure` hears of the first real failure at once, to stop the others waiting.
 */
async function settleAll(promises: Promise<unknown>[], onFailure: () => void): Promise<void> {
  const interrupted = (e: unknown) => e instanceof TestbedError && e.code === 'INTERRUPTED';
  const results = await Promise.allSettled(
    promises.map((p) =>
      p.catch((err: unknown) => {
        if (!interrupted(err)) onFailure();
        throw err;
      }),
    ),
  );
  const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  if (errors.length === 0) return;
  throw errors.find((e) => !interrupted(e)) ?? errors[0];
}
