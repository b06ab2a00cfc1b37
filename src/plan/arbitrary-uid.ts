/**
 * A service marked `x-testbed: { arbitrary_uid: true }` runs on Docker the way OpenShift runs it:
 * as a UID it did not choose (one per set, from OpenShift's range), group 0, without capabilities.
 * Its writable places are made group-0 writable before each start, which is what such a platform
 * asks of an image: the volumes it writes, and its `writable_paths`, which get a volume of their
 * own per container (anonymous: the engine fills it with the image's files when the container is
 * made, and it goes with the container, like the emptyDir the Kubernetes render seeds).
 */
import type { Project, Service } from '../model/project.js';
import { LABEL } from './labels.js';
import { oneOffSpec } from './one-off-spec.js';
import type { ContainerSpec, Labels, MountSpec } from './specs.js';

/** OpenShift hands out UIDs from 1000000000 up, in blocks per namespace; any of them will do here. */
export const ARBITRARY_UID_MIN = 1_000_000_000;
export const ARBITRARY_UID_SPAN = 1_000_000_000;

/** The image the volumes are prepared with (as root), the one Testbed's other helpers use. */
export const PREPARE_IMAGE = 'busybox:latest';

/** Where the helper mounts the volumes it prepares: /testbed-writable/0, /1, ... */
export const PREPARE_ROOT = '/testbed-writable';

/**
 * Group 0 gets what the owner has (g=u, the OpenShift convention), on everything below each
 * volume, and the volume's top folder is group-writable in any case (a new volume is root's 0755).
 */
export const PREPARE_SCRIPT = [
  'set -e',
  `for d in ${PREPARE_ROOT}/*; do`,
  '  [ -d "$d" ] || continue',
  '  chgrp -R 0 "$d"',
  '  chmod -R g=u "$d"',
  '  chmod g+rwx "$d"',
  'done',
].join('\n');

export function pickArbitraryUid(random: () => number = Math.random): number {
  return ARBITRARY_UID_MIN + Math.floor(random() * ARBITRARY_UID_SPAN);
}

/** Services of the project that run under an arbitrary UID on Docker. */
export function arbitraryUidServices(project: Project): string[] {
  return Object.values(project.services)
    .filter((s) => s.arbitraryUid === true)
    .map((s) => s.name)
    .sort();
}

/**
 * The spec of a replica of such a service: its user, capabilities, writable paths and label.
 * The file's `user:` gives way, as it does in the Kubernetes render (the platform chooses).
 */
export function withArbitraryUid(spec: ContainerSpec, service: Service, uid: number): ContainerSpec {
  const covered = new Set(spec.mounts.map((m) => m.target));
  const writable = service.writablePaths
    .filter((path) => !covered.has(path))
    .map((target): MountSpec => ({ type: 'volume', source: '', target, readOnly: false, noCopy: false }));
  return {
    ...spec,
    user: `${uid}:0`,
    capDrop: spec.capDrop.includes('ALL') ? spec.capDrop : ['ALL', ...spec.capDrop],
    mounts: [...spec.mounts, ...writable],
    labels: { ...spec.labels, [LABEL.arbitraryUid]: String(uid) },
  };
}

export interface PrepareSpecInput {
  project: string;
  set: string;
  service: string;
  runId: string;
  /** Engine names of the volumes to prepare. */
  volumes: string[];
  owner?: string;
  extraLabels?: Labels;
}

/** The short-lived root container that makes a service's volumes group-0 writable. */
export function prepareWritableSpec(input: PrepareSpecInput): ContainerSpec {
  return oneOffSpec({
    project: input.project,
    set: input.set,
    runId: input.runId,
    purpose: `prepare-writable/${input.service}`,
    image: PREPARE_IMAGE,
    command: ['sh', '-c', PREPARE_SCRIPT],
    env: [],
    user: '0:0',
    binds: [],
    // noCopy: the helper's own (empty) folders must never be copied into a volume.
    mounts: input.volumes.map((source, i): MountSpec => ({ type: 'volume', source, target: `${PREPARE_ROOT}/${i}`, readOnly: false, noCopy: true })),
    networks: [],
    ...(input.extraLabels ? { extraLabels: input.extraLabels } : {}),
    ...(input.owner ? { owner: input.owner } : {}),
  });
}
