/**
 * A one-off container: a command run for a set (a test or a job) in a new container on the
 * set's networks, removed when the command ends. Labelled like the set's own containers, plus
 * LABEL.run, so it is found (and removed with the set) but never taken for a service replica.
 */
import { LABEL, setOwnerLabels } from './labels.js';
import type { ContainerSpec, Labels, MountSpec } from './specs.js';

export interface OneOffSpecInput {
  project: string;
  set: string;
  /** Unique per run; part of the container's name. */
  runId: string;
  /** What the container runs for, e.g. "test/db-rows"; shown in its label. */
  purpose: string;
  image: string;
  /** Undefined: the image's default command. */
  command?: string[];
  /** KEY=VALUE */
  env: string[];
  user?: string;
  workingDir?: string;
  /** Host paths (absolute) mounted into the container. */
  binds: { source: string; target: string; readOnly: boolean }[];
  /** Mounts of the service it runs for (`run:`), before the binds. */
  mounts?: MountSpec[];
  /** Engine names of the networks to join; the set's DNS names resolve on them. */
  networks: string[];
  extraLabels?: Labels;
  /** The process running it ("host:pid:start"): its container is left over once that process is gone. */
  owner?: string;
}

export function oneOffContainerName(project: string, set: string, runId: string): string {
  return `${project}-${set}-run-${runId}`;
}

export function oneOffSpec(input: OneOffSpecInput): ContainerSpec {
  return {
    name: oneOffContainerName(input.project, input.set, input.runId),
    image: input.image,
    labels: {
      ...input.extraLabels,
      ...setOwnerLabels(input.project, input.set),
      [LABEL.run]: input.purpose,
      ...(input.owner ? { [LABEL.owner]: input.owner } : {}),
    },
    ...(input.command ? { command: [...input.command] } : {}),
    env: [...input.env],
    ...(input.user ? { user: input.user } : {}),
    ...(input.workingDir ? { workingDir: input.workingDir } : {}),
    exposedPorts: [],
    portBindings: [],
    mounts: [
      ...(input.mounts ?? []).filter((m) => !input.binds.some((b) => b.target === m.target)),
      ...input.binds.map((b): MountSpec => ({ type: 'bind', source: b.source, target: b.target, readOnly: b.readOnly })),
    ],
    networks: input.networks.map((network) => ({ network, aliases: [] })),
    restart: { name: 'no' },
    capAdd: [],
    capDrop: [],
    readOnly: false,
    tmpfs: {},
    extraHosts: [],
    // Stopped only on a timeout or an abort, and then at once.
    stopTimeoutSeconds: 0,
  };
}
