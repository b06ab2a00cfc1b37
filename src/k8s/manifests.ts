/**
 * A set of a project as Kubernetes objects: one namespace, and in it the objects the mapping
 * table of docs/kubernetes.md lists. Pure apart from reading the files that configs and secrets
 * name; deterministic for the same options (clock and randomness are options).
 */
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ConfigError } from '../common/errors.js';
import type { Project } from '../model/project.js';
import { reportComposeKeys } from './compose-keys.js';
import { fileObjects } from './file-objects.js';
import { renderJobs } from './jobs.js';
import { setLabels } from './k8s-labels.js';
import { describeObject, type KubeObject } from './kube-object.js';
import { namespaceObject } from './namespace.js';
import { namespaceName, objectName, serviceName } from './object-names.js';
import type { RenderContext } from './manifest-context.js';
import { resolveOptions, type RenderOptions } from './manifest-options.js';
import { RenderWarnings, type RenderWarning } from './render-warnings.js';
import { secretValues } from './chart/chart-secrets.js';
import { services } from './service.js';
import { TemplateRenderer } from './cluster-templates.js';
import { readTestbedKeys, type TestbedKeys } from './manifest-inputs.js';
import { renderTests, type RenderedTest } from './test-jobs.js';
import { validateObjects } from './validate.js';
import { claimSpec, volumeUsers, workloadKind } from './volumes.js';
import { execAccess } from './rbac.js';
import { workload } from './workload.js';

export interface RenderedSet {
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
  tests: RenderedTest[];
  warnings: RenderWarning[];
}

const KIND_ORDER = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service', 'StatefulSet', 'Deployment', 'CronJob', 'Job'];

export async function renderSet(project: Project, options: RenderOptions): Promise<RenderedSet> {
  return renderSetWithKeys(project, await readTestbedKeys(project), options);
}

/** `validate: false` only for a chart, whose placeholders are checked once Helm's values are in (chart/check-chart.ts). */
export async function renderSetWithKeys(project: Project, keys: TestbedKeys, options: RenderOptions, { validate = true } = {}): Promise<RenderedSet> {
  const namespace = options.namespace ?? namespaceName(project.name, options.set);
  const resolved = resolveOptions(options, namespace, keys.kubernetes);
  const warnings = new RenderWarnings();
  for (const w of keys.warnings) warnings.add(w.path, w.message);
  const labels = setLabels(project.name, resolved.set);
  const secrets = secretValues(keys.secrets, resolved, warnings);
  const renderer = new TemplateRenderer(project, resolved, secrets, warnings);
  const ctx: RenderContext = {
    project,
    keys,
    options: resolved,
    warnings,
    labels,
    secrets,
    renderer,
    files: await fileObjects(project, secrets, renderer, labels, resolved, warnings),
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
        spec: claimSpec(volume, 'ReadWriteMany', keys.kubernetes, resolved),
      }),
    );
  }
  for (const service of Object.values(project.services)) objects.push(...services(service, ctx), workload(service, ctx));
  const jobs = await renderJobs(ctx);
  const tests = resolved.tests ? await renderTests(ctx, resolved.tests.runId) : { objects: [], tests: [], exec: false };
  // Tests run later (testbed k8s test) with what apply made: the account is there for them too.
  const testsExec = keys.tests.some((t) => t.command?.target.kind === 'exec');
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
    servicesAfterJobs: servicesAfterJobs(project, keys),
    tests: tests.tests,
    warnings: warnings.list,
  };
}

function servicesAfterJobs(project: Project, keys: TestbedKeys): Record<string, string[]> {
  const users = volumeUsers(project);
  const out: Record<string, string[]> = {};
  for (const service of Object.values(project.services)) {
    const after = keys.services[service.name]?.afterJobs ?? [];
    if (after.length > 0) out[`${workloadKind(project, service, users)}/${serviceName(service.name)}`] = after;
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
