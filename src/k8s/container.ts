/** A Compose service as the main container of its pod (stdin_open, tty and the lifecycle hooks included). */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { Service } from '../model/project.js';
import { literal, literals } from './expansion.js';
import { lifecycleFor } from './lifecycle-hooks.js';
import { serviceName } from './object-names.js';
import { probesFor } from './probes.js';
import type { RenderWarnings } from './render-warnings.js';
import { resourcesFor } from './resources.js';
import { securityContextFor } from './security-context.js';

/** A port range of more than this many ports is cut (a pod is not a port scanner). */
const MAX_RANGE = 100;

export interface ContainerPortSpec {
  port: number;
  protocol: 'TCP' | 'UDP';
  /** ports[].name, when it is a valid Kubernetes port name (IANA service name form). */
  name?: string;
  /** ports[].app_protocol, for the Service port (e.g. http, h2c). */
  appProtocol?: string;
}

/** Kubernetes port names: at most 15 lowercase letters, digits and '-', a letter among them, no '--' nor '-' at an end. */
const PORT_NAME = /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$/;

/** Every container port a service declares (ports and expose), once each, in file order. */
export function containerPorts(service: Service, warnings: RenderWarnings): ContainerPortSpec[] {
  const out: ContainerPortSpec[] = [];
  const add = (port: number, protocol: 'TCP' | 'UDP', extra: Pick<ContainerPortSpec, 'name' | 'appProtocol'> = {}) => {
    if (!out.some((p) => p.port === port && p.protocol === protocol)) out.push({ port, protocol, ...extra });
  };
  const range = (start: number, end: number | undefined, protocol: 'TCP' | 'UDP', where: string) => {
    const last = end ?? start;
    if (last - start >= MAX_RANGE) warnings.add(where, `port range ${start}-${last} is cut to its first ${MAX_RANGE} ports`);
    for (let p = start; p <= Math.min(last, start + MAX_RANGE - 1); p++) add(p, protocol);
  };
  for (const [index, p] of service.ports.entries()) {
    const protocol = p.protocol === 'udp' ? 'UDP' : 'TCP';
    // A name and an application protocol are for one port (the long syntax has no ranges).
    if (p.targetEnd === undefined && (p.name !== undefined || p.appProtocol !== undefined)) {
      const named = p.name !== undefined && PORT_NAME.test(p.name) && !out.some((o) => o.name === p.name);
      if (p.name !== undefined && !named) {
        warnings.add(
          `services.${service.name}.ports[${index}].name`,
          `"${p.name}" is not a Kubernetes port name (at most 15 lowercase letters, digits and "-", unique in the service): the port is named ${protocol.toLowerCase()}-${p.target}`,
        );
      }
      add(p.target, protocol, { ...(named ? { name: p.name } : {}), ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) });
    }
    range(p.target, p.targetEnd, protocol, `services.${service.name}.ports`);
  }
  for (const e of service.expose) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(e);
    if (m) range(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === 'udp' ? 'UDP' : 'TCP', `services.${service.name}.expose`);
  }
  return out;
}

export function environment(service: Service, warnings: RenderWarnings): IEnvVar[] {
  const env: IEnvVar[] = [];
  for (const [name, value] of Object.entries(service.environment)) {
    if (value === null) {
      warnings.add(`services.${service.name}.environment`, `${name} has no value here (not set when the file was read) and is left out`);
      continue;
    }
    env.push({ name, value: literal(value) });
  }
  return env;
}

export function serviceContainer(
  service: Service,
  image: string,
  arbitraryUid: boolean,
  mounts: IVolumeMount[],
  extraEnv: IEnvVar[],
  warnings: RenderWarnings,
): IContainer {
  const container: IContainer = { name: serviceName(service.name), image };
  if (service.entrypoint) container.command = literals(service.entrypoint);
  if (service.command) container.args = literals(service.command);
  // A variable from a secret (secret_environment) replaces the file's value of the same name.
  const fromSecrets = new Set(extraEnv.map((e) => e.name));
  const env = [...environment(service, warnings).filter((e) => !fromSecrets.has(e.name)), ...extraEnv];
  if (env.length > 0) container.env = env;
  const ports: IContainerPort[] = containerPorts(service, warnings).map((p) => ({ containerPort: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
  if (ports.length > 0) container.ports = ports;
  if (service.workingDir) container.workingDir = service.workingDir;
  const resources = resourcesFor(service);
  if (resources.limits || resources.requests) container.resources = resources;
  // `never` only: the model reads `always` as `missing` (normalize-service-extras.ts), and for
  // that Kubernetes' own default (IfNotPresent, Always for :latest) is left as it is.
  if (service.pullPolicy === 'never') container.imagePullPolicy = 'Never';
  const securityContext = securityContextFor(service, arbitraryUid, warnings);
  if (securityContext) container.securityContext = securityContext;
  if (service.healthcheck && service.healthcheck !== 'disabled') Object.assign(container, probesFor(service.healthcheck, service.livenessProbe));
  if (mounts.length > 0) container.volumeMounts = mounts;
  if (service.container.stdinOpen) container.stdin = true;
  if (service.container.tty) container.tty = true;
  const lifecycle = lifecycleFor(service, warnings);
  if (lifecycle) container.lifecycle = lifecycle;
  return container;
}
