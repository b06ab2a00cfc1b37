/**
 * One set, with every operation a user or a test needs. Each call re-reads the set's state
 * from the engine's labels and its folder, so objects can be made and dropped freely.
 */
import type { ExecResult } from '../engine/engine.js';
import { NotFoundError, SetAmbiguousError } from '../common/errors.js';
import type { Project } from '../model/project.js';
import type { ResolvedSet } from '../lifecycle/resolve-set.js';
import { recordedChoices, type SetChoices } from '../lifecycle/set-choices.js';
import type { CreateOptions } from '../lifecycle/create.js';
import type { DestroyOptions, RemoveOptions } from '../lifecycle/destroy.js';
import type { ExecInput } from '../lifecycle/exec.js';
import type { ImageOptions } from '../lifecycle/images.js';
import type { LogsOptions, SetLogLine } from '../lifecycle/logs.js';
import { requireProject, type OperationOptions, type SetContext } from '../lifecycle/set-context.js';
import { withSetLock } from '../lifecycle/set-lock.js';
import type { StartOptions } from '../lifecycle/start.js';
import { setStatus, type ReplicaStatus } from '../lifecycle/status.js';
import type { StopOptions } from '../lifecycle/stop.js';
import type { UpOptions } from '../lifecycle/up.js';
import type { InteractiveExecOptions } from '../engine/engine.js';
import type { RenderedFile, RenderOptions, SecretInfo } from '../lifecycle/configure/render-set.js';
import type { SetJobsOptions } from '../lifecycle/jobs/set-jobs.js';
import type { JobOutcome } from '../lifecycle/jobs/run-job.js';
import type { TemplateContext } from '../set-config/template-render.js';
import type { CommandRunInput, CommandRunResult } from '../lifecycle/command-run.js';
import type { TestSuite } from '../model/testbed-tests.js';
import type { ResultsQuery, StoredRun } from '../lifecycle/tests/results-store.js';
import type { RunTestsOptions } from '../lifecycle/tests/run-tests.js';
import type { TestRunReport } from '../lifecycle/tests/test-result.js';
import type { SnapshotOptions } from '../lifecycle/snapshot/take-snapshot.js';
import type { SnapshotSummary } from '../lifecycle/snapshot/snapshot-store.js';
import type { SnapshotRecord } from '../lifecycle/snapshot/snapshot-record.js';

export type { ReplicaStatus } from '../lifecycle/status.js';
export type { JobOutcome } from '../lifecycle/jobs/run-job.js';
export type { RenderedFile, RenderOptions, SecretInfo } from '../lifecycle/configure/render-set.js';
export type { LogsOptions, SetLogLine } from '../lifecycle/logs.js';
export type { SnapshotOptions } from '../lifecycle/snapshot/take-snapshot.js';
export type { SnapshotRecord } from '../lifecycle/snapshot/snapshot-record.js';
export type { CommandRunInput, CommandRunResult } from '../lifecycle/command-run.js';
export type { RunTestsOptions } from '../lifecycle/tests/run-tests.js';
export type { UpOptions } from '../lifecycle/up.js';

/**
 * Each operation loads the lifecycle code it runs when it is called (await import), so that
 * opening a set for `status` does not load up, snapshots, tests and jobs: the CLI starts once
 * per command, and status and ls are what users run most. status and madeWith stay static.
 */
export class TestbedSet {
  /** `resolution`: how Testbed.set found the set (absent when made from a context directly). */
  constructor(
    readonly context: SetContext,
    readonly resolution?: ResolvedSet,
  ) {}

  get name(): string {
    return this.context.set;
  }

  get projectName(): string {
    return this.context.projectName;
  }

  /** The project the set is loaded with: from the choices it was made with, when it has them. */
  get project(): Project | undefined {
    return this.context.project;
  }

  /** When the project was found by the set's name alone, a sentence saying which (for stderr). */
  get note(): string | undefined {
    if (this.resolution?.chosenBy !== 'name') return undefined;
    return `set ${this.name} is in project ${this.projectName} (found by its name; -p ${this.projectName} says so)`;
  }

  /** The project directory, Compose files, env files and profiles the set was made with (undefined before create). */
  madeWith(): Promise<SetChoices | undefined> {
    return recordedChoices(this.context.engine, this.context.folder);
  }

  async up(options: UpOptions = {}): Promise<void> {
    const project = requireProject(this.context, 'up');
    const { upSet } = await import('../lifecycle/up.js');
    await withSetLock(this.context, 'up', options, () => upSet(this.context, project, options));
  }

  async build(options: ImageOptions = {}): Promise<Record<string, string>> {
    const project = requireProject(this.context, 'build');
    const { ensureImages } = await import('../lifecycle/images.js');
    return ensureImages(this.context.engine, project, options);
  }

  async create(options: Omit<CreateOptions, 'images'> & { noCache?: boolean } = {}): Promise<void> {
    const project = requireProject(this.context, 'create');
    const [{ recordedSnapshotImages }, { ensureImages }, { createSet }] = await Promise.all([
      import('../lifecycle/snapshot/set-images.js'),
      import('../lifecycle/images.js'),
      import('../lifecycle/create.js'),
    ]);
    await withSetLock(this.context, 'create', options, async () => {
      // A set made from a snapshot keeps its snapshot's images (see snapshot/set-images.ts).
      const fromSnapshot = await recordedSnapshotImages(this.context, project, options.events ?? (() => {}));
      const services = (options.services ?? Object.keys(project.services)).filter((s) => !fromSnapshot[s]);
      const images = await ensureImages(this.context.engine, project, { ...options, services, build: false });
      await createSet(this.context, project, { ...options, images: { ...images, ...fromSnapshot } });
    });
  }

  async start(options: StartOptions = {}): Promise<void> {
    const project = requireProject(this.context, 'start');
    // New choices (reconfigure) are recorded and converged to by create, as up does.
    if (this.resolution?.reconfigured) {
      const publish = (await this.context.folder.read())?.publish;
      await this.create({
        ...(publish ? { publish } : {}),
        ...(options.events ? { events: options.events } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      });
    }
    const [{ jobHooks }, { startSet }] = await Promise.all([import('../lifecycle/jobs/set-jobs.js'), import('../lifecycle/start.js')]);
    const jobs = options.jobs ?? jobHooks(this.context, project, options);
    await withSetLock(this.context, 'start', options, () => startSet(this.context, project, { ...options, ...(jobs ? { jobs } : {}) }));
  }

  /** Runs one of the file's jobs now (`once` jobs that are done are skipped unless forced). */
  async runJob(name: string, options: SetJobsOptions & OperationOptions & { force?: boolean } = {}): Promise<JobOutcome> {
    const project = requireProject(this.context, 'run');
    const job = project.jobs[name];
    if (!job) {
      throw new NotFoundError('JOB_NOT_FOUND', `project ${project.name} has no job ${name}`, {
        hint: `Jobs: ${Object.keys(project.jobs).join(', ') || 'none (declare them under x-testbed.jobs)'}.`,
      });
    }
    const { runSetJob } = await import('../lifecycle/jobs/set-jobs.js');
    return withSetLock(this.context, `run ${name}`, options, () => runSetJob(this.context, project, job, options));
  }

  /** What each config renders to for this set, without creating anything. */
  async render(options: RenderOptions = {}): Promise<RenderedFile[]> {
    const project = requireProject(this.context, 'render');
    return (await import('../lifecycle/configure/render-set.js')).renderSet(this.context, project, options);
  }

  /** The set's secrets and where they come from; values only when revealed. */
  async secrets(options: { reveal?: boolean } = {}): Promise<SecretInfo[]> {
    const project = requireProject(this.context, 'secrets');
    return (await import('../lifecycle/configure/render-set.js')).setSecrets(this.context, project, options.reveal ?? false);
  }

  /** The template context of the set (set, services, secrets, values, env). */
  async templateContext(): Promise<TemplateContext> {
    const project = requireProject(this.context, 'render');
    return (await import('../lifecycle/jobs/set-jobs.js')).setTemplateContext(this.context, project);
  }

  async stop(options: StopOptions = {}): Promise<void> {
    const { stopSet } = await import('../lifecycle/stop.js');
    return withSetLock(this.context, 'stop', options, () => stopSet(this.context, options));
  }

  async destroy(options: DestroyOptions = {}): Promise<void> {
    this.refuseGuessed('destroy');
    const { destroySet } = await import('../lifecycle/destroy.js');
    return withSetLock(this.context, 'destroy', options, () => destroySet(this.context, options));
  }

  async remove(options: RemoveOptions = {}): Promise<{ imagesKept: string[] }> {
    this.refuseGuessed('remove');
    const { removeSet } = await import('../lifecycle/destroy.js');
    return withSetLock(this.context, 'remove', options, () => removeSet(this.context, options));
  }

  /** Data is never removed from a project found by a set's name alone: it must be named (-p) or be the file's. */
  private refuseGuessed(verb: string): void {
    if (this.resolution?.chosenBy !== 'name') return;
    throw new SetAmbiguousError(`set ${this.name} was found in project ${this.projectName} by its name alone, and ${verb} never guesses a project; nothing was touched`, {
      hint: `Name the project: testbed ${verb} ${this.name} -p ${this.projectName}`,
      details: { set: this.name, projects: [this.projectName] },
    });
  }

  status(): Promise<ReplicaStatus[]> {
    return setStatus(this.context);
  }

  async exec(service: string, cmd: string[], options: Omit<ExecInput, 'service' | 'cmd'> = {}): Promise<ExecResult> {
    return (await import('../lifecycle/exec.js')).execInSet(this.context, { ...options, service, cmd });
  }

  async execAttached(input: ExecInput & Omit<InteractiveExecOptions, 'cmd'>): Promise<number> {
    return (await import('../lifecycle/exec.js')).execAttached(this.context, input);
  }

  /** An interactive shell in a service: bash where the image has it, else sh. */
  async shell(input: Omit<ExecInput, 'cmd'> & Omit<InteractiveExecOptions, 'cmd'>): Promise<number> {
    const { execAttached, SHELL_COMMAND } = await import('../lifecycle/exec.js');
    return execAttached(this.context, { ...input, cmd: SHELL_COMMAND });
  }

  async logs(options: LogsOptions, onLine: (line: SetLogLine) => void): Promise<void> {
    return (await import('../lifecycle/logs.js')).setLogs(this.context, options, onLine);
  }

  async copy(from: string, to: string): Promise<void> {
    return (await import('../lifecycle/copy.js')).copyInSet(this.context, from, to);
  }

  async hosts(): Promise<string[]> {
    return (await import('../lifecycle/hosts.js')).hostsLines(this.context);
  }

  /** Writes the set's hosts lines into a managed block of a hosts file (replacing its earlier block), or removes the block. */
  async writeHosts(file: string, options: { remove?: boolean } = {}): Promise<string[]> {
    const lines = options.remove ? [] : await this.hosts();
    await (await import('../lifecycle/hosts.js')).applyHosts(file, this.projectName, this.name, lines);
    return lines;
  }

  /** The loopback address of a service replica on the host. */
  async address(service: string, replica = 1): Promise<string> {
    const row = (await this.status()).find((r) => r.service === service && r.replica === replica);
    if (!row?.address) throw new NotFoundError('SERVICE_NOT_FOUND', `set ${this.name} has no running ${service} replica ${replica}`);
    return row.address;
  }

  /** host:port where a container port of a service is published, e.g. 127.61.4.2:8080. */
  async endpoint(service: string, containerPort: number, replica = 1, protocol = 'tcp'): Promise<string> {
    const row = (await this.status()).find((r) => r.service === service && r.replica === replica);
    const port = row?.ports.find((p) => p.container === `${containerPort}/${protocol}`);
    if (!port) {
      throw new NotFoundError('SERVICE_NOT_FOUND', `service ${service} of set ${this.name} publishes no port ${containerPort}/${protocol}`);
    }
    return port.host;
  }

  async url(service: string, containerPort: number, path = '/'): Promise<string> {
    return `http://${await this.endpoint(service, containerPort)}${path}`;
  }

  /** Runs a command for the set, by exec in a service or in a new container on its networks (the primitive under tests and jobs). */
  async runCommand(input: CommandRunInput): Promise<CommandRunResult> {
    return (await import('../lifecycle/command-run.js')).runCommand(this.context, input);
  }

  /** The project's tests: x-testbed.tests and the files x-testbed.include_tests names. */
  async tests(): Promise<TestSuite> {
    const project = requireProject(this.context, 'tests');
    return (await import('../model/testbed-tests.js')).loadTests(project);
  }

  /**
   * Runs tests against the set and stores their results; failures are in the report, not thrown.
   * Liquid in their commands and environment is rendered with the set's values and secrets, and
   * jobs they need are run, unless options give their own render and runJob.
   */
  async test(options: RunTestsOptions = {}): Promise<TestRunReport> {
    const project = requireProject(this.context, 'test');
    const [{ setTestHooks }, { runTests }] = await Promise.all([import('../lifecycle/tests/set-test-hooks.js'), import('../lifecycle/tests/run-tests.js')]);
    const hooks = setTestHooks(this.context, project);
    return runTests(this.context, { ...hooks, ...options });
  }

  /** Stored test runs of the set, newest first. */
  async testResults(query: ResultsQuery = {}): Promise<StoredRun[]> {
    return (await import('../lifecycle/tests/results-store.js')).storedRuns(this.context.folder, query);
  }

  /**
   * Takes a snapshot of the set: each service's file system, its named volumes and its folder's
   * secrets, values and job markers, as images named `name` (testbed-snapshot/<project>:<name>).
   * The services are stopped (or paused) meanwhile and brought back after.
   */
  async snapshot(name: string, options: SnapshotOptions = {}): Promise<SnapshotSummary> {
    const project = requireProject(this.context, 'snapshot');
    const [{ summarize }, { takeSnapshot }] = await Promise.all([import('../lifecycle/snapshot/snapshot-store.js'), import('../lifecycle/snapshot/take-snapshot.js')]);
    return summarize(await withSetLock(this.context, `snapshot ${name}`, options, () => takeSnapshot(this.context, project, name, options)));
  }

  /** Back to the snapshot the set was made from (up --from): its data and secrets as they were. */
  async reset(options: Omit<UpOptions, 'from'> = {}): Promise<void> {
    this.refuseGuessed('reset');
    const project = requireProject(this.context, 'reset');
    const { resetSet } = await import('../lifecycle/snapshot/reset.js');
    await withSetLock(this.context, 'reset', options, () => resetSet(this.context, project, options));
  }

  /** The snapshot the set was made from, if it was. */
  async madeFrom(): Promise<SnapshotRecord | undefined> {
    return (await import('../lifecycle/snapshot/snapshot-record.js')).readSnapshotRecord(this.context.folder);
  }
}
