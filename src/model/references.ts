/**
 * Checks that every name a service uses is declared: networks, volumes, configs,
 * secrets and dependencies, each error pointing at the reference in the file.
 */
import type { Diagnostics } from './diagnostics.js';
import { findCycle } from './find-cycle.js';
import { nameList } from './name-list.js';
import type { Project, Service } from './project.js';

export function checkReferences(
  services: Record<string, Service>,
  declared: Pick<Project, 'networks' | 'volumes' | 'configs' | 'secrets'>,
  allServices: ReadonlySet<string>,
  diagnostics: Diagnostics,
): void {
  const known = (names: object) => nameList(Object.keys(names));
  for (const service of Object.values(services)) {
    const at = (...path: (string | number)[]) => ['services', service.name, ...path];
    for (const network of Object.keys(service.networks)) {
      if (network === 'default' || declared.networks[network]) continue;
      diagnostics.keyError(at('networks', network), `network ${network} is not declared under the top-level networks (declared: ${known(declared.networks)})`);
    }
    service.volumes.forEach((mount, index) => {
      if (mount.type !== 'volume' || mount.source === undefined || declared.volumes[mount.source]) return;
      diagnostics.error(at('volumes', index), `volume ${mount.source} is not declared under the top-level volumes (declared: ${known(declared.volumes)}); declare it, or write a path (./${mount.source}) for a bind mount`);
    });
    for (const kind of ['configs', 'secrets'] as const) {
      service[kind].forEach((ref, index) => {
        if (declared[kind][ref.source]) return;
        diagnostics.error(at(kind, index), `${kind.slice(0, -1)} ${ref.source} is not declared under the top-level ${kind} (declared: ${known(declared[kind])})`);
      });
    }
    const shared = new Set(sharedWith(service).map(([name]) => name));
    for (const [dependency, spec] of Object.entries(service.dependsOn)) {
      // Implied by network_mode, links...: checkSharedWith reports it where it is written.
      if (shared.has(dependency)) continue;
      if (dependency === service.name) diagnostics.keyError(at('depends_on', dependency), 'a service cannot depend on itself');
      else if (!allServices.has(dependency) && spec.required) {
        diagnostics.keyError(at('depends_on', dependency), `service ${dependency} is not defined (services: ${nameList(allServices)})`);
      } else if (!services[dependency] && spec.required) {
        // As Compose: a dependency left out by profiles would silently not start.
        diagnostics.keyError(
          at('depends_on', dependency),
          `service ${dependency} is not enabled by the active profiles; enable its profile with --profile, or mark the dependency required: false`,
        );
      }
    }
    checkSharedWith(service, services, allServices, diagnostics);
  }
  checkDependencyCycle(services, diagnostics);
}

/** Services that wait for each other never start: refused, naming the loop, at the first dependency in it. */
function checkDependencyCycle(services: Record<string, Service>, diagnostics: Diagnostics): void {
  const edges = (name: string) => Object.keys(services[name]?.dependsOn ?? {}).filter((d) => d !== name && services[d]);
  const cycle = findCycle(Object.keys(services), edges);
  if (!cycle) return;
  const [first, second] = cycle as [string, string];
  diagnostics.keyError(['services', first, 'depends_on', second], `services depend on each other in a cycle: ${cycle.join(' -> ')}; none of them could start first, so remove one of these dependencies`);
}

/** network_mode/pid/ipc `service:NAME`, links and volumes_from name a service of this project. */
function checkSharedWith(service: Service, services: Record<string, Service>, allServices: ReadonlySet<string>, diagnostics: Diagnostics): void {
  for (const [other, path] of sharedWith(service)) {
    const at = ['services', service.name, ...path];
    if (other === service.name) diagnostics.error(at, 'names the service itself; name another service of the file');
    else if (!allServices.has(other)) diagnostics.error(at, `names service ${other}, which is not defined (services: ${nameList(allServices)})`);
    else if (!services[other]) diagnostics.error(at, `names service ${other}, which the active profiles leave out; enable its profile with --profile`);
  }
}

/** The services this one shares a namespace, links or volumes with, and where each is named. */
function sharedWith(service: Service): [string, (string | number)[]][] {
  const named: [string, (string | number)[]][] = [];
  if (service.networkMode && service.networkMode !== 'none') named.push([service.networkMode.service, ['network_mode']]);
  for (const key of ['pid', 'ipc'] as const) {
    const value = service.container[key];
    if (typeof value === 'object') named.push([value.service, [key]]);
  }
  service.container.links.forEach((l, i) => named.push([l.service, ['links', i]]));
  service.container.volumesFrom.forEach((v, i) => named.push([v.service, ['volumes_from', i]]));
  return named;
}
