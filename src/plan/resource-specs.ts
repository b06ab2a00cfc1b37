/**
 * The networks and volumes the engine is asked to create for a set. Pure, like the container
 * specs beside it (container-spec.ts).
 */
import type { NetworkIpam, Project } from '../model/project.js';
import { relocateAddress, relocateRange } from './ipam.js';
import { LABEL, setOwnerLabels } from './labels.js';
import { volumeKeys } from './mounts.js';
import { engineNetworkName, engineVolumeName } from './names.js';
import { optional, sortedLabels } from './spec-fields.js';
import type { IpamSpec, Labels, NetworkSpec, VolumeSpec } from './specs.js';

/** Network key -> the file's subnet -> the subnet this set uses for it. */
export type SetSubnets = Record<string, Record<string, string>>;

/** The networks the set creates: those its services join, minus external ones; sorted. */
export function networkSpecs(project: Project, set: string, extraLabels: Labels = {}, subnets: SetSubnets = {}): NetworkSpec[] {
  const keys = new Set(Object.values(project.services).flatMap((s) => Object.keys(s.networks)));
  return [...keys]
    .filter((key) => !project.networks[key]?.external)
    .sort()
    .map((key) => {
      // `default` may be implicit (not declared): it gets the defaults.
      const network = project.networks[key];
      return {
        name: engineNetworkName(project, set, key),
        internal: network?.internal ?? false,
        ...optional('driver', network?.driver),
        enableIpv6: network?.enableIpv6 ?? false,
        ...optional('options', network?.driverOpts),
        ...optional('attachable', network?.attachable),
        ...optional('ipam', network?.ipam && setIpam(network.ipam, subnets[key] ?? {})),
        labels: sortedLabels({
          ...network?.labels,
          ...extraLabels,
          ...setOwnerLabels(project.name, set),
          [LABEL.network]: key,
        }),
      };
    });
}

/**
 * The volumes the set creates: named volumes its services mount, minus external ones; sorted.
 * Like Compose, a declared volume no service mounts is not created. A mounted volume that
 * is not declared is still created here, so that it is labelled and found by `destroy --volumes`.
 */
export function volumeSpecs(project: Project, set: string, extraLabels: Labels = {}): VolumeSpec[] {
  const keys = new Set(Object.values(project.services).flatMap(volumeKeys));
  return [...keys]
    .filter((key) => !project.volumes[key]?.external)
    .sort()
    .map((key) => {
      const volume = project.volumes[key];
      return {
        name: engineVolumeName(project, set, key),
        ...optional('driver', volume?.driver),
        driverOpts: { ...volume?.driverOpts },
        labels: sortedLabels({
          ...volume?.labels,
          ...extraLabels,
          ...setOwnerLabels(project.name, set),
          [LABEL.volume]: key,
        }),
      };
    });
}

function setIpam(ipam: NetworkIpam, moved: Record<string, string>): IpamSpec {
  return {
    ...optional('driver', ipam.driver),
    config: ipam.config.map((c) => {
      const to = c.subnet === undefined ? undefined : moved[c.subnet];
      const move = (address: string) => (to && c.subnet ? relocateAddress(address, c.subnet, to) : address);
      return {
        ...optional('subnet', to ?? c.subnet),
        ...optional('ipRange', c.ipRange && to && c.subnet ? relocateRange(c.ipRange, c.subnet, to) : c.ipRange),
        ...optional('gateway', c.gateway && move(c.gateway)),
        ...optional('auxAddresses', c.auxAddresses && Object.fromEntries(Object.entries(c.auxAddresses).map(([k, v]) => [k, move(v)]))),
      };
    }),
    ...optional('options', ipam.options),
  };
}
