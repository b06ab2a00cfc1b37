/**
 * The pod of a service: its container, the init containers that wait for healthy dependencies
 * (and seed writable paths), its volumes, configs and secrets, and pod-level settings.
 */
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { Service } from '../model/project.js';
import { serviceContainer } from './container.js';
import { seconds } from './whole-seconds.js';
import { fileMounts } from './file-objects.js';
import { imageFor } from './images.js';
import type { ManifestContext } from './manifest-context.js';
import { runsAsArbitraryUid } from './manifest-inputs.js';
import { podSecurityContextFor } from './security-context.js';
import { podStorage, type ClaimTemplate } from './volumes.js';
import { waitContainers } from './wait-for.js';

export interface ServicePod {
  spec: IPodSpec;
  claimTemplates: ClaimTemplate[];
  image: string;
}

/** Settings every pod of a set gets, so that it behaves as a container of a Docker set does. */
export function basePodSpec(): Pick<IPodSpec, 'enableServiceLinks' | 'automountServiceAccountToken'> {
  // Service links would add DB_PORT=tcp://... variables for every Service: not in a Docker set.
  return { enableServiceLinks: false, automountServiceAccountToken: false };
}

function hostAliases(service: Service, ctx: ManifestContext): IPodSpec['hostAliases'] {
  const byIp = new Map<string, string[]>();
  for (const entry of service.extraHosts) {
    const m = /^([^:=]+)[:=](.+)$/.exec(entry);
    if (!m) continue;
    const [, host, ip] = m as unknown as [string, string, string];
    if (ip === 'host-gateway') {
      ctx.warnings.add(`services.${service.name}.extra_hosts`, `${host}:host-gateway has no meaning in a cluster and is left out`);
      continue;
    }
    byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
  }
  return [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}

export function servicePod(service: Service, ctx: ManifestContext): ServicePod {
  const { project, options, warnings } = ctx;
  const arbitraryUid = runsAsArbitraryUid(project, service);
  const image = imageFor(project, service, options, warnings);
  const storage = podStorage(project, service, arbitraryUid, project.kubernetes, ctx.volumeUsers, image, options, warnings);
  const files = fileMounts(service, ctx.files, warnings);
  const container = serviceContainer(service, image, arbitraryUid, [...storage.mounts, ...files.mounts], files.env, warnings);

  const healthy = Object.entries(service.dependsOn)
    .filter(([name, d]) => d.condition === 'service_healthy' && project.services[name])
    .map(([name]) => name);
  const spec: IPodSpec = {
    ...basePodSpec(),
    containers: [container],
  };
  const init = [...waitContainers(project, healthy, options.waitImage, arbitraryUid, `services.${service.name}.depends_on`, warnings), ...storage.initContainers];
  if (init.length > 0) spec.initContainers = init;
  const volumes = [...storage.volumes, ...files.volumes];
  if (volumes.length > 0) spec.volumes = volumes;
  if (service.hostname) spec.hostname = service.hostname;
  const aliases = hostAliases(service, ctx);
  if (aliases && aliases.length > 0) spec.hostAliases = aliases;
  if (service.stopGracePeriodMs !== undefined) spec.terminationGracePeriodSeconds = seconds(service.stopGracePeriodMs, 0);
  const podContext = podSecurityContextFor(service, arbitraryUid, storage.claimTemplates.length + storage.volumes.length > 0, warnings);
  if (podContext) spec.securityContext = podContext;
  return { spec, claimTemplates: storage.claimTemplates, image };
}
