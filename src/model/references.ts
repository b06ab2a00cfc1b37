/**
 * Checks that every name a service uses is declared: networks, volumes, configs,
 * secrets and dependencies, each error pointing at the reference in the file.
 */
import type { Diagnostics } from './diagnostics.js';
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
    for (const [dependency, spec] of Object.entries(service.dependsOn)) {
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
  }
}
