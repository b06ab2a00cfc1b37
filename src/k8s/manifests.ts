/**
 * A set of a project as Kubernetes manifests: one namespace, and in it the objects the mapping
 * table of docs/kubernetes.md lists. Pure apart from reading the files that configs and secrets
 * name; deterministic for the same options (clock and randomness are options).
 */
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ConfigError } from '../common/errors.js';
import type { Project } from '../model/project.js';
import type { SecretSource } from '../model/x-testbed.js';
import { resolveSecrets, type KeptSecret } from '../set-config/resolve-secrets.js';
import { chartSecretValues } from './chart/chart-secrets.js';
import { ClusterTemplates } from './cluster-templates.js';
import { reportComposeKeys } from './compose-keys.js';
import { fileObjects } from './file-objects.js';
import { renderJobs } from './jobs.js';
import { setLabels } from './k8s-labels.js';
import { describeObject, type KubeObject } from './kube-object.js';
import type { ManifestContext, SecretValue } from './manifest-context.js';
import { readManifestInputs, type ManifestInputs } from './manifest-inputs.js';
import { resolveManifestOptions, type ManifestOptions, type ResolvedManifestOptions } from './manifest-options.js';
import { namespaceObject } from './namespace.js';
import { namespaceName, objectName, serviceName } from './object-names.js';
import { execAccess } from './rbac.js';
import { RenderWarnings, type RenderWarning } from './render-warnings.js';
import { services } from './service.js';
import { renderTestJobs, type TestJob } from './test-jobs.js';
import { validateObjects } from './validate.js';
import { claimSpec, volumeUsers, workloadKind } from './volumes.js';
import { workload } from './workload.js';

export interface RenderedManifests {
  project: string;
  set: string;
  namespace: string;
  /** In the order they are applied: namespace, configuration, storage, Services, workloads, jobs. */
  objects: KubeObject[];
  /** Names of the after-start Jobs, in the order they run. */
  jobOrder: string[];
  /** After-start job name in the file -> its Job's name. */
  jobNames: Record<string, string>;
  /** Workload (Kind/name) -> jobs (names in the file) that must succeed before it is applied. */
  servicesAfterJobs: Record<string, string[]>;
  /** Tests rendered as Jobs (only when options.tests is given). */
  tests: TestJob[];
  warnings: RenderWarning[];
}

const KIND_ORDER = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service', 'StatefulSet', 'Deployment', 'CronJob', 'Job'];

/**
 * `inputs` default to what the project's files give now (manifest-inputs.ts). `validate: false`
 * only for a chart, whose placeholders are no values yet (chart/chart.ts checks its defaults).
 */
export async function renderManifests(project: Project, options: ManifestOptions, inputs?: ManifestInputs, { validate = true } = {}): Promise<RenderedManifests> {
  const given = inputs ?? (await readManifestInputs(project));
  const namespace = options.namespace ?? namespaceName(project.name, options.set);
  const resolved = resolveManifestOptions(options, namespace, project.kubernetes);
  const warnings = new RenderWarnings();
  for (const w of given.warnings) warnings.add(w.path, w.message);
  const labels = setLabels(project.name, resolved.set);
  const secrets = secretValues(given.secrets, resolved, warnings);
  const templates = new ClusterTemplates(project, resolved, secrets, warnings);
  const ctx: ManifestContext = {
    project,
    inputs: given,
    options: resolved,
    warnings,
    labels,
    secrets,
    templates,
    files: await fileObjects(project, secrets, templates, labels, resolved, warnings),
    volumeUsers: volumeUsers(project),
  };
  reportComposeKeys(project, namespace, warnings);

  const objects: KubeObject[] = [...ctx.files.objects];
  for (const [volume, users] of [...ctx.volumeUsers].sort(([a], [b]) => a.localeCompare(b))) {
    if (users.length < 2) continue;
    warnings.add(`volumes.${volume}`, `is shared by ${users.join(', ')}: one ReadWriteMany claim, which needs a storage class that offers it (e.g. NFS, EFS)`);
    objects.push(
      new PersistentVolumeClaim({
        metadata: { name: objectName.sharedVolume(volume), namespace, labels },
        spec: claimSpec(volume, 'ReadWriteMany', project.kubernetes, resolved),
      }),
    );
  }
  for (const service of Object.values(project.services)) objects.push(...services(service, ctx), workload(service, ctx));
  const jobs = await renderJobs(ctx);
  const tests = resolved.tests ? await renderTestJobs(ctx, resolved.tests.runId) : { objects: [], tests: [], exec: false };
  // Tests run later (testbed k8s test) with what apply made: the account is there for them too.
  const testsExec = given.tests.some((t) => t.command?.target.kind === 'exec');
  if (jobs.exec || tests.exec || testsExec) objects.push(...execAccess(namespace, labels));

  const sorted = objects.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  // A chart leaves the namespace to Helm (helm install --namespace N --create-namespace).
  const all = [...(resolved.placeholders ? [] : [namespaceObject(labels, resolved)]), ...sorted, ...jobs.objects, ...tests.objects];
  checkUniqueNames(all);
  if (validate) validateObjects(all);
  return {
    project: project.name,
    set: resolved.set,
    namespace,
    objects: all,
    jobOrder: jobs.order,
    jobNames: jobs.names,
    servicesAfterJobs: servicesAfterJobs(project),
    tests: tests.tests,
    warnings: warnings.list,
  };
}

/**
 * Generated (and bcrypt-derived) values the cluster has are kept: a database initialised with a
 * password keeps getting the same one, and bcrypt salts at random (a kept hash still verifies, a
 * new one would only churn the Secret). Hashes of other kinds are computed again, to the same value.
 */
function keptInCluster(existing: Record<string, string>): KeptSecret {
  return (name, source) => (source.kind === 'generate' || source.hash === 'bcrypt' ? existing[name] : undefined);
}

function secretValues(sources: Record<string, SecretSource>, options: ResolvedManifestOptions, warnings: RenderWarnings): Record<string, SecretValue> {
  if (options.placeholders) return chartSecretValues(sources, options.placeholders, warnings);
  const values = resolveSecrets(sources, keptInCluster(options.existingSecrets), options.random);
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, source: sources[name]!.kind }]));
}

function servicesAfterJobs(project: Project): Record<string, string[]> {
  const users = volumeUsers(project);
  const out: Record<string, string[]> = {};
  for (const service of Object.values(project.services)) {
    if (service.afterJobs.length > 0) out[`${workloadKind(project, service, users)}/${serviceName(service.name)}`] = service.afterJobs;
  }
  return out;
}

/** Two Compose keys that sanitise to the same Kubernetes name would overwrite each other. */
function checkUniqueNames(objects: KubeObject[]): void {
  const seen = new Set<string>();
  const clashes: string[] = [];
  for (const o of objects) {
    const key = describeObject(o);
    if (seen.has(key)) clashes.push(key);
    seen.add(key);
  }
  if (clashes.length > 0) {
    throw new ConfigError(
      clashes.map((c) => ({ message: `two keys of the file become the same Kubernetes object ${c}` })),
      { hint: 'Kubernetes names are lowercase letters, digits and "-": rename one of the keys so that they differ after that.' },
    );
  }
}
