/**
 * What rendering a set's manifests needs besides the project. Everything from the environment (clock, variables,
 * randomness) is a parameter with a default, so tests and golden files pass their own.
 */
import { randomInt } from 'node:crypto';
import type { KubernetesSettings } from '../model/x-testbed.js';
import type { Values } from '../set-config/values.js';
import type { Placeholders } from './chart/placeholders.js';

export interface ManifestOptions {
  set: string;
  /** The git branch the set is for (labels the namespace; `gc` prunes sets whose branch is gone). */
  branch?: string;
  /** Default: <project>-<set>. */
  namespace?: string;
  /** Default: new Date(). Stamps the namespace and names the runs of `once: false` jobs. */
  now?: Date;
  /** When the namespace was first applied (kept by later applies). Default: now. */
  createdAt?: Date;
  /** Registry that built images are pushed to (e.g. registry.example.com/team). */
  registry?: string;
  /** Tag of built images. Default: latest. */
  imageTag?: string;
  /** Storage class of volume claims. Default: x-testbed.kubernetes.storage_class, else the cluster's default. */
  storageClass?: string;
  /** Size of a volume claim when x-testbed.kubernetes.volume_sizes does not give one. Default: 1Gi. */
  volumeSize?: string;
  /** Image of the init containers that wait for dependencies. Default: busybox:1.37. */
  waitImage?: string;
  /** Image with kubectl, for jobs and tests that exec in a service. Default: registry.k8s.io/kubectl:v1.32.4. */
  kubectlImage?: string;
  /** User values overriding x-testbed.values (from --set-value and --values). */
  values?: Values;
  /** Values of generated (and derived) secrets already in the cluster, by secret name: kept, not regenerated. */
  existingSecrets?: Record<string, string>;
  /** Random integer in [0, max): default crypto.randomInt. */
  random?: (max: number) => number;
  /** Also render the x-testbed tests as Jobs, with this run id in their names. */
  tests?: { runId: string };
  /** Rendering a Helm chart: values Helm fills in become placeholders (see chart/placeholders.ts). */
  placeholders?: Placeholders;
}

export interface ResolvedManifestOptions {
  set: string;
  branch?: string;
  namespace: string;
  now: Date;
  createdAt: Date;
  registry?: string;
  imageTag: string;
  storageClass?: string;
  volumeSize: string;
  waitImage: string;
  kubectlImage: string;
  values: Values;
  existingSecrets: Record<string, string>;
  random: (max: number) => number;
  tests?: { runId: string };
  placeholders?: Placeholders;
}

export const DEFAULT_WAIT_IMAGE = 'busybox:1.37';
export const DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.32.4';
export const DEFAULT_VOLUME_SIZE = '1Gi';

export function resolveManifestOptions(options: ManifestOptions, namespace: string, defaults: KubernetesSettings): ResolvedManifestOptions {
  const now = options.now ?? new Date();
  const resolved: ResolvedManifestOptions = {
    set: options.set,
    namespace,
    now,
    createdAt: options.createdAt ?? now,
    imageTag: options.imageTag ?? 'latest',
    volumeSize: options.volumeSize ?? DEFAULT_VOLUME_SIZE,
    waitImage: options.waitImage ?? defaults.waitImage ?? DEFAULT_WAIT_IMAGE,
    kubectlImage: options.kubectlImage ?? defaults.kubectlImage ?? DEFAULT_KUBECTL_IMAGE,
    values: options.values ?? {},
    existingSecrets: options.existingSecrets ?? {},
    random: options.random ?? ((max: number) => randomInt(max)),
  };
  if (options.branch) resolved.branch = options.branch;
  if (options.registry) resolved.registry = options.registry.replace(/\/+$/, '');
  const sc = options.storageClass ?? defaults.storageClass;
  if (sc) resolved.storageClass = sc;
  if (options.tests) resolved.tests = options.tests;
  if (options.placeholders) resolved.placeholders = options.placeholders;
  return resolved;
}
