/**
 * The project as a Helm chart: the same objects as a rendered set, with Helm values for what
 * changes per install: the set, the images, x-testbed values, resources, storage and secrets.
 * Computing only; write-chart.ts writes the files.
 *
 * What is checked here is that the set the chart installs with its default values is valid
 * Kubernetes; that the templates render to it is checked by the chart's golden tests, and by
 * `helm template` where helm is installed (test/unit/k8s/chart.test.ts).
 */
import { stringify } from 'yaml';
import type { Project } from '../../model/project.js';
import { chartImageValues } from '../images.js';
import { K8S_ANNOTATION, K8S_LABEL } from '../k8s-labels.js';
import { plain, type PlainObject } from '../kube-object.js';
import { KUBERNETES_SCHEMA_VERSION } from '../kubernetes-version.js';
import { objectYaml } from '../manifest-yaml.js';
import { dnsLabel, labelValue, serviceName } from '../object-names.js';
import { renderManifests } from '../manifests.js';
import { readManifestInputs, type ManifestInputs } from '../manifest-inputs.js';
import { DEFAULT_VOLUME_SIZE, type ManifestOptions } from '../manifest-options.js';
import type { RenderWarning } from '../render-warnings.js';
import { resourcesFor } from '../resources.js';
import { mergeValues, type Values } from '../../set-config/values.js';
import { volumeUsers } from '../volumes.js';
import { ConfigError } from '../../common/errors.js';
import { escapeHelm, Placeholders } from './placeholders.js';

export interface ChartOptions extends Pick<ManifestOptions, 'registry' | 'imageTag' | 'storageClass' | 'volumeSize' | 'waitImage' | 'kubectlImage' | 'values'> {
  /** Default of the chart's `set` value. Default: the project name. */
  set?: string;
  /** Chart version. Default: 0.1.0. */
  version?: string;
}

export interface RenderedChart {
  /** Path inside the chart directory -> content. */
  files: Record<string, string>;
  warnings: RenderWarning[];
}

type PodHolder = { spec?: { template?: { spec?: { containers?: { name: string; resources?: unknown }[] } } } };

function chartValues(project: Project, inputs: ManifestInputs, options: ChartOptions, values: Values): Record<string, unknown> {
  const storage: Record<string, { size: string }> = {};
  for (const volume of [...volumeUsers(project).keys()].sort()) {
    storage[volume] = { size: project.kubernetes.volumeSizes[volume] ?? options.volumeSize ?? DEFAULT_VOLUME_SIZE };
  }
  const given = Object.entries(inputs.secrets).filter(([, s]) => s.kind === 'provided');
  return {
    set: options.set ?? project.name,
    images: chartImageValues(project, { ...(options.registry ? { registry: options.registry.replace(/\/+$/, '') } : {}), imageTag: options.imageTag ?? 'latest' }),
    resources: Object.fromEntries(Object.values(project.services).map((s) => [s.name, resourcesFor(s)])),
    storageClass: options.storageClass ?? project.kubernetes.storageClass ?? null,
    storage,
    values,
    ...(Object.values(inputs.secrets).some((s) => s.kind === 'generate') ? { secretSeed: '' } : {}),
    ...(given.length > 0 ? { secrets: Object.fromEntries(given.map(([name]) => [name, ''])) } : {}),
  };
}

const VALUES_HEADER = `# Values of the chart Testbed made from the Compose file (testbed k8s chart).
# set: the set name in labels and templates; images: where each service's image is pulled from;
# resources: per service (Kubernetes resources: limits/requests); storage: claim size per volume;
# storageClass: null for the cluster's default; values: the x-testbed values.
# secretSeed (when the project generates secrets): random text given at install and kept for upgrades,
#   e.g. helm install --set-string secretSeed=$(openssl rand -hex 16); the generated secrets derive from it.
# secrets: values of the secrets the file reads from the environment or files: give them with --set-string.
`;

export async function renderChart(project: Project, options: ChartOptions = {}, inputs?: ManifestInputs): Promise<RenderedChart> {
  const given = inputs ?? (await readManifestInputs(project));
  const placeholders = new Placeholders();
  const rendered = await renderManifests(project, {
    ...options,
    set: placeholders.token('.Values.set'),
    namespace: placeholders.token('.Release.Namespace'),
    now: new Date(0),
    placeholders,
  }, given, { validate: false });
  const warnings = [...rendered.warnings];
  const objects = rendered.objects.map(plain);
  const jobs = Object.values(project.jobs);
  const onceFalse = new Set(jobs.filter((j) => !j.once && !j.schedule && j.when === 'after-start').map((j) => labelValue(j.name)));

  for (const object of objects) {
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet') {
      const service = Object.values(project.services).find((s) => serviceName(s.name) === object.metadata.name);
      const main = (object as PodHolder).spec?.template?.spec?.containers?.find((c) => c.name === object.metadata.name);
      if (service && main) main.resources = placeholders.token(`(index .Values.resources ${JSON.stringify(service.name)})`, 'block');
    }
    if (object.kind === 'Job' && object.metadata.annotations?.[K8S_ANNOTATION.order]) {
      const job = object.metadata.labels?.[K8S_LABEL.job] ?? '';
      if (onceFalse.has(job)) {
        // Runs on every install and upgrade, as a `once: false` job runs on every up.
        object.metadata.name = dnsLabel(`job-${job}`);
        object.metadata.annotations = {
          ...object.metadata.annotations,
          'helm.sh/hook': 'post-install,post-upgrade',
          'helm.sh/hook-weight': object.metadata.annotations[K8S_ANNOTATION.order]!,
          'helm.sh/hook-delete-policy': 'before-hook-creation',
        };
        delete (object.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished;
      }
    }
  }
  for (const service of Object.values(project.services)) {
    if (service.afterJobs.length > 0) warnings.push({ path: `services.${service.name}.x-testbed.after_jobs`, message: `Helm installs everything at once: ${service.name} may start before ${service.afterJobs.join(', ')} (testbed k8s apply waits)` });
  }
  if (jobs.some((j) => j.dependsOn.some((d) => project.jobs[d]))) {
    warnings.push({ path: 'x-testbed.jobs', message: 'in the Helm chart a job does not wait for the jobs it depends on (testbed k8s apply --wait runs them in order)' });
  }

  const files: Record<string, string> = {
    'Chart.yaml': stringify({
      apiVersion: 'v2',
      name: dnsLabel(project.name),
      description: `${project.name}, from its Compose file, by Testbed (validated against the Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema)`,
      type: 'application',
      version: options.version ?? '0.1.0',
      appVersion: options.imageTag ?? 'latest',
    }),
    'values.yaml': VALUES_HEADER + stringify(chartValues(project, given, options, mergeValues(project.values, options.values ?? {})), { lineWidth: 0 }),
    '.helmignore': '.git/\n*.swp\n*.bak\n',
  };
  objects.forEach((object, i) => {
    const name = `templates/${String(i + 1).padStart(2, '0')}-${object.kind.toLowerCase()}-${object.metadata.name.replace(/zz-tbph-\d+-zz/g, 'x')}.yaml`;
    files[name] = placeholders.substitute(escapeHelm(objectYaml(placeholders.markWholeValues(object as PlainObject))));
  });
  await checkDefaults(project, options, given);
  return { files, warnings };
}

/** The set the chart installs with its default values must be valid Kubernetes, as a rendered set is. */
async function checkDefaults(project: Project, options: ChartOptions, inputs: ManifestInputs): Promise<void> {
  const { set, version: _version, ...rest } = options;
  await renderManifests(project, { ...rest, set: set ?? project.name, namespace: 'chart-check', now: new Date(0) }, inputs).catch((err: unknown) => {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(err.issues, { hint: `With its default values the chart does not make valid Kubernetes ${KUBERNETES_SCHEMA_VERSION} objects; a value in the file is likely of the wrong kind for Kubernetes.` });
  });
}
