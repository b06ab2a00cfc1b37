/**
 * Containers Testbed makes to take or restore a snapshot: created, removed right after, and
 * never started, except to run one command of their image without a network (the deletions of
 * a captured container, capture-service.ts). They carry only the managed label and their purpose, never a set's labels:
 * an image committed from one keeps every label it had (blanked), and a blank set or run
 * label on a set's container would be taken for a real one.
 */
import { LABEL } from './labels.js';
import type { ContainerSpec, MountSpec } from './specs.js';

export const HELPER_LABEL = 'dev.testbed.snapshot.helper';

export interface HelperSpecInput {
  name: string;
  image: string;
  /** What it is for, e.g. "capture db" or "restore demo"; shown in its label. */
  purpose: string;
  mounts?: MountSpec[];
  /** Paths covered by an (unused) tmpfs, so the engine makes no volume there for the image's VOLUME lines. */
  tmpfs?: string[];
  /** The command it runs if started (without a network), instead of the image's. */
  run?: string[];
  /** The user it runs that command as. */
  user?: string;
}

export function helperContainerName(project: string, set: string, what: string): string {
  return `${project}-${set}-snapshot-${what}`;
}

export function helperSpec(input: HelperSpecInput): ContainerSpec {
  return {
    name: input.name,
    image: input.image,
    labels: { [LABEL.managed]: 'true', [HELPER_LABEL]: input.purpose },
    env: [],
    exposedPorts: [],
    portBindings: [],
    mounts: input.mounts ?? [],
    networks: [],
    restart: { name: 'no' },
    capAdd: [],
    capDrop: [],
    readOnly: false,
    tmpfs: Object.fromEntries((input.tmpfs ?? []).map((path) => [path, ''])),
    extraHosts: [],
    ...(input.run ? { entrypoint: input.run, command: [], networkMode: 'none' } : {}),
    ...(input.user ? { user: input.user } : {}),
  };
}
