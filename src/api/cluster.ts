/**
 * A project's sets in a Kubernetes cluster, one namespace per set (or git branch): render the
 * manifests, write a Helm chart, build and push images, apply, read status, run tests, destroy,
 * collect garbage. The CLI's `testbed k8s` verbs are built on exactly this.
 *
 *   const project = await Testbed.loadProject();
 *   const cluster = Cluster.forProject(project, { context: 'staging' });
 *   const set = await cluster.pickSet(undefined, { fromBranch: true });   // feature-login-page
 *   await cluster.apply(set, { registry: 'registry.example.com/team', wait: {} });
 *   console.log(await cluster.status(set));
 *
 * The cluster client (@kubernetes/client-node) is loaded on the first call that talks to the
 * cluster, and the Docker engine only to build and push images.
 */
import { resolve } from 'node:path';
import { ConfigNotFoundError, UsageError } from '../common/errors.js';
import type { EventSink } from '../lifecycle/events.js';
import type { Project } from '../model/project.js';
import { validateSetName } from '../plan/names.js';
import { applyManifests, type ClusterApplyOptions, type ClusterApplyResult } from '../k8s/apply.js';
import { branchSetName, currentBranch, remoteBranches } from '../k8s/branch.js';
import { renderChart, type ChartOptions, type RenderedChart } from '../k8s/chart/chart.js';
import { writeChart } from '../k8s/chart/write-chart.js';
import type { ClusterClient } from '../k8s/cluster/cluster-client.js';
import { readClusterStatus, type ClusterSetStatus } from '../k8s/cluster-status.js';
import { runTestsInCluster, type ClusterTestResult } from '../k8s/cluster-tests.js';
import { deleteSetNamespace } from '../k8s/delete-namespace.js';
import { existingSecretValues } from '../k8s/existing-secrets.js';
import { collectGarbage, type GcCandidate } from '../k8s/gc.js';
import { builtImageReference } from '../k8s/images.js';
import { plain, type PlainObject } from '../k8s/kube-object.js';
import { readManifestInputs } from '../k8s/manifest-inputs.js';
import type { ManifestOptions } from '../k8s/manifest-options.js';
import { manifestYaml, withholdSecretValues } from '../k8s/manifest-yaml.js';
import { renderManifests } from '../k8s/manifests.js';
import { namespaceName } from '../k8s/object-names.js';
import type { RenderWarning } from '../k8s/render-warnings.js';
import { findSetNamespace } from '../k8s/set-namespace.js';

export { KUBERNETES_SCHEMA_VERSION } from '../k8s/kubernetes-version.js';
export { formatWarning, type RenderWarning } from '../k8s/render-warnings.js';
export type { ClusterApplyResult, ClusterSetStatus, ClusterTestResult, GcCandidate, RenderedChart };
export type { ClusterJobOutcome } from '../k8s/job-wait.js';
export type { PlainObject } from '../k8s/kube-object.js';

export interface ClusterOptions {
  /** kubeconfig context; default: the current one. */
  context?: string;
  /** Default: process.env (KUBECONFIG, CI branch variables). */
  env?: Record<string, string | undefined>;
  /** Aborting it (Ctrl-C) abandons the cluster call in flight and stops waiting. */
  signal?: AbortSignal;
}

/** A set in the cluster: its name, the git branch it is for (if any), and its namespace. */
export interface ClusterSet {
  set: string;
  branch?: string;
  namespace: string;
}

export interface SetChoice {
  /** Name the set after the git branch (CI branch variables when HEAD is detached). */
  fromBranch?: boolean;
  /** Name the set after this branch (e.g. a deleted one, for destroy). */
  branch?: string;
  /** Default: <project>-<set>. */
  namespace?: string;
}

/** What rendering takes besides the set (images, storage, values, clock). */
export type RenderChoices = Omit<ManifestOptions, 'set' | 'namespace' | 'branch' | 'placeholders' | 'existingSecrets' | 'tests'>;

export interface ClusterManifests {
  namespace: string;
  /** Secret values blanked unless revealed. */
  objects: PlainObject[];
  /** Names of the Secrets whose values were blanked. */
  withheld: string[];
  warnings: RenderWarning[];
  /** The objects as YAML, one document each, deterministically ordered. */
  yaml: string;
}

/** A built service's image as the cluster pulls it. */
export interface ClusterImage {
  service: string;
  image: string;
  context: string;
  dockerfile: string;
  target: string | null;
  args: Record<string, string>;
}

export interface ImageChoices {
  /** Registry the cluster pulls built images from (e.g. registry.example.com/team). */
  registry?: string;
  /** Default: latest. */
  imageTag?: string;
}

export interface GcChoices {
  olderThanMs?: number;
  /** Sets whose branch this git remote no longer has. */
  goneBranchesOf?: string;
  /** Only this project's sets; default: every project's. */
  project?: string;
  /** Where git runs (the checkout). Default: the current directory. */
  directory?: string;
  dryRun?: boolean;
  now?: Date;
}

export class Cluster {
  private connected?: Promise<ClusterClient>;

  private constructor(
    readonly projectName: string,
    private readonly directory: string,
    private readonly project: Project | undefined,
    private readonly options: ClusterOptions,
  ) {}

  static forProject(project: Project, options: ClusterOptions = {}): Cluster {
    return new Cluster(project.name, project.directory, project, options);
  }

  /**
   * By the project's name alone, for what needs no Compose file: a CI stop job may run without a
   * checkout (its branch is gone) and still destroy the branch's set.
   */
  static forProjectName(projectName: string, options: ClusterOptions & { directory?: string } = {}): Cluster {
    return new Cluster(projectName, resolve(options.directory ?? '.'), undefined, options);
  }

  /** Sets that are stale or whose branch is gone, deleted unless `dryRun`. */
  static async collectGarbage(choices: GcChoices, options: ClusterOptions = {}): Promise<GcCandidate[]> {
    if (choices.olderThanMs === undefined && choices.goneBranchesOf === undefined) {
      throw new UsageError('say which sets go: --older-than DURATION and/or --gone-branches');
    }
    const client = await connect(options);
    const branches = choices.goneBranchesOf === undefined ? undefined : await remoteBranches(choices.directory ?? process.cwd(), choices.goneBranchesOf);
    return collectGarbage(client, {
      ...(choices.olderThanMs !== undefined ? { olderThanMs: choices.olderThanMs } : {}),
      ...(branches ? { branches } : {}),
      ...(choices.project ? { project: choices.project } : {}),
      ...(choices.now ? { now: choices.now } : {}),
      dryRun: Boolean(choices.dryRun),
    });
  }

  /** The set's name (given, from a branch, or the project's) and its namespace. */
  async pickSet(given: string | undefined, choice: SetChoice = {}): Promise<ClusterSet> {
    let set = given ?? this.projectName;
    let branch: string | undefined;
    if (choice.fromBranch || choice.branch) {
      if (given) throw new UsageError('give a set name or a branch, not both');
      branch = choice.branch ?? (await currentBranch(this.directory, this.options.env ?? process.env));
      set = branchSetName(branch);
    }
    validateSetName(set);
    return { set, ...(branch ? { branch } : {}), namespace: choice.namespace ?? namespaceName(this.projectName, set) };
  }

  /** The set's manifests as they would be applied, without the cluster (generated secrets are new ones). */
  async render(set: ClusterSet, choices: RenderChoices & { tests?: boolean; reveal?: boolean } = {}): Promise<ClusterManifests> {
    const { tests, reveal, ...rest } = choices;
    const rendered = await renderManifests(this.requireProject('render'), { ...rest, ...manifestSet(set), ...(tests ? { tests: { runId: 'render' } } : {}) });
    const objects = rendered.objects.map(plain);
    const shown = reveal ? { objects, withheld: [] } : withholdSecretValues(objects);
    return { namespace: rendered.namespace, objects: shown.objects, withheld: shown.withheld, warnings: rendered.warnings, yaml: manifestYaml(shown.objects) };
  }

  /** The project as a Helm chart (computed; writeChart writes it). */
  chart(options: ChartOptions = {}): Promise<RenderedChart> {
    return renderChart(this.requireProject('chart'), options);
  }

  /** Writes a chart into a directory (its templates/ replaced); the files written. */
  writeChart(directory: string, chart: RenderedChart): Promise<string[]> {
    return writeChart(resolve(directory), chart);
  }

  /** The images the file builds, as the cluster pulls them. */
  images(choices: ImageChoices = {}): ClusterImage[] {
    const project = this.requireProject('images');
    const registry = choices.registry?.replace(/\/+$/, '');
    return Object.values(project.services)
      .filter((s) => s.build)
      .map((s) => {
        const ref = builtImageReference(project, s, { ...(registry ? { registry } : {}), imageTag: choices.imageTag ?? 'latest' });
        return { service: s.name, image: `${ref.repository}:${ref.tag}`, context: s.build!.context, dockerfile: s.build!.dockerfile, target: s.build!.target ?? null, args: s.build!.args };
      });
  }

  /** Builds (when sources changed), tags and pushes the built images to the registry; the references pushed. */
  async pushImages(choices: ImageChoices & { registry: string; events?: EventSink }): Promise<string[]> {
    const project = this.requireProject('images --push');
    const registry = choices.registry.replace(/\/+$/, '');
    const targets = Object.fromEntries(
      Object.values(project.services)
        .filter((s) => s.build)
        .map((s) => [s.name, builtImageReference(project, s, { registry, imageTag: choices.imageTag ?? 'latest' })]),
    );
    if (Object.keys(targets).length === 0) return [];
    const [{ connectEngine }, { pushBuiltImages }] = await Promise.all([import('../engine/connect.js'), import('../lifecycle/push-images.js')]);
    const env = this.options.env ?? process.env;
    const engine = await connectEngine({ env, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    return pushBuiltImages(engine, project, targets, { env, ...(choices.events ? { events: choices.events } : {}), ...(this.options.signal ? { signal: this.options.signal } : {}) });
  }

  /** The kubeconfig context the cluster is reached with. */
  async context(): Promise<string> {
    return (await this.client()).context;
  }

  /** Server-side apply of the set; generated secrets already in the cluster are kept. */
  async apply(set: ClusterSet, choices: RenderChoices & Pick<ClusterApplyOptions, 'wait' | 'prune' | 'onApplied' | 'createdAt'> = {}): Promise<ClusterApplyResult> {
    const client = await this.client();
    const wait = choices.wait ? { ...choices.wait, ...(this.options.signal ? { signal: this.options.signal } : {}) } : undefined;
    return applyManifests(client, this.requireProject('apply'), { ...choices, ...manifestSet(set), ...(wait ? { wait } : {}) });
  }

  /** Each service's workload and pods, and each job, as the cluster reports them. */
  async status(set: ClusterSet): Promise<ClusterSetStatus> {
    return readClusterStatus(await this.client(), set.namespace, this.projectName, set.set);
  }

  /** Runs the project's tests in the applied set, as Jobs; failures are in the results, not thrown. */
  async test(set: ClusterSet, only: string[] = [], choices: RenderChoices = {}): Promise<{ results: ClusterTestResult[]; warnings: RenderWarning[] }> {
    const project = this.requireProject('test');
    const client = await this.client();
    await findSetNamespace(client, set.namespace, this.projectName, set.set);
    // The tests see the secrets the set has, not new ones.
    const existingSecrets = await existingSecretValues(client, set.namespace, set.set);
    const inputs = await readManifestInputs(project, { tests: 'required' });
    const rendered = await renderManifests(project, { ...choices, ...manifestSet(set), existingSecrets, tests: { runId: Date.now().toString(36) } }, inputs);
    const results = await runTestsInCluster(client, rendered, this.options.signal ? { signal: this.options.signal } : {}, only);
    return { results, warnings: rendered.warnings };
  }

  /** Deletes the set's namespace and everything in it, data included (after checking that it is the set's). */
  async destroy(set: ClusterSet): Promise<void> {
    await deleteSetNamespace(await this.client(), set.namespace, this.projectName, set.set);
  }

  private client(): Promise<ClusterClient> {
    this.connected ??= connect(this.options);
    return this.connected;
  }

  private requireProject(verb: string): Project {
    if (this.project) return this.project;
    throw new ConfigNotFoundError(`testbed k8s ${verb} needs the project's Compose file, and there is none here`, {
      hint: 'Run it in the project directory, or pass -f FILE.',
    });
  }
}

function manifestSet(set: ClusterSet): Pick<ManifestOptions, 'set' | 'namespace' | 'branch'> {
  return { set: set.set, namespace: set.namespace, ...(set.branch ? { branch: set.branch } : {}) };
}

async function connect(options: ClusterOptions): Promise<ClusterClient> {
  const [{ KubeClusterClient }, { loadKubeconfig }] = await Promise.all([import('../k8s/cluster/cluster-client.js'), import('../k8s/cluster/kubeconfig.js')]);
  const connection = await loadKubeconfig({ ...(options.context ? { context: options.context } : {}), ...(options.env ? { env: options.env } : {}) });
  return KubeClusterClient.connect(connection, options.signal ? { signal: options.signal } : {});
}
