/**
 * Compose settings that have no Kubernetes meaning, or a different one, reported as warnings
 * (never dropped in silence). What does map is done where the object is built.
 */
import type { Project, Service } from '../model/project.js';
import { reportContainerKeys, reportNetworkKeys } from './container-keys.js';
import { serviceName } from './object-names.js';
import type { RenderWarnings } from './render-warnings.js';

function serviceWarnings(project: Project, service: Service, namespace: string, warnings: RenderWarnings): void {
  const at = (key: string) => `services.${service.name}.${key}`;
  const published = service.ports.filter((p) => p.published !== undefined || p.hostIp !== undefined);
  if (published.length > 0) {
    const p = published[0]!;
    warnings.add(
      at('ports'),
      `host ports have no meaning in a cluster: other pods reach ${serviceName(service.name)}:${p.target} through its Service; ` +
        `from your machine: kubectl port-forward -n ${namespace} svc/${serviceName(service.name)} ${p.published ?? p.target}:${p.target}`,
    );
  }
  service.ports.forEach((p, i) => {
    if (p.mode !== undefined) warnings.add(at(`ports[${i}].mode`), `publish mode ${p.mode} is Docker Swarm's; a Service has none: it is left out`);
  });
  if (service.init) warnings.add(at('init'), 'Kubernetes has no init process option; use an image that reaps its children (e.g. with tini)');
  if (service.stopSignal) warnings.add(at('stop_signal'), 'is not set: Kubernetes sends SIGTERM (a STOPSIGNAL in the image is used)');
  if (service.restart.startsWith('on-failure')) warnings.add(at('restart'), 'Deployments and StatefulSets restart a stopped container always: on-failure (restart, or deploy.restart_policy with its max_attempts) is not kept');
  if (service.limits.pids !== undefined) warnings.add(at('pids_limit'), 'has no per-pod setting in Kubernetes (the node sets it): pids_limit and deploy.resources.limits.pids are left out');
  if (service.name !== serviceName(service.name)) {
    warnings.add(`services.${service.name}`, `is named ${serviceName(service.name)} in the cluster (Kubernetes names are lowercase letters, digits and "-"), so other services reach it by that name`);
  }
  for (const [network, settings] of Object.entries(service.networks)) {
    if (settings.ipv4Address) warnings.add(at(`networks.${network}.ipv4_address`), 'pods get their addresses from the cluster; a fixed address is not possible');
    if (settings.ipv6Address) warnings.add(at(`networks.${network}.ipv6_address`), 'pods get their addresses from the cluster; a fixed address is not possible');
    if (settings.linkLocalIps?.length) warnings.add(at(`networks.${network}.link_local_ips`), 'pods get their addresses from the cluster: link-local addresses are left out');
  }
  const started = Object.entries(service.dependsOn).filter(([, d]) => d.condition === 'service_started').map(([n]) => n);
  if (started.length > 0) warnings.add(at('depends_on'), `Kubernetes starts pods together: no start order for ${started.join(', ')} (service_healthy waits; service_started does not)`);
  for (const [name, d] of Object.entries(service.dependsOn)) {
    if (d.condition === 'service_completed_successfully') {
      warnings.add(at(`depends_on.${name}`), 'a Deployment never "completes"; waits for nothing (make the one-shot work an x-testbed job instead)');
    }
    const dep = project.services[name];
    if (d.condition === 'service_healthy' && dep && dep.healthcheck === undefined) {
      warnings.add(at(`depends_on.${name}`), `${name} has no healthcheck in the file, and Kubernetes does not run an image's HEALTHCHECK: ${name} counts as ready once started`);
    }
  }
}

export function reportComposeKeys(project: Project, namespace: string, warnings: RenderWarnings): void {
  for (const service of Object.values(project.services)) {
    serviceWarnings(project, service, namespace, warnings);
    reportContainerKeys(service, warnings);
  }
  const networks = Object.values(project.networks);
  if (networks.filter((n) => !n.external).length > 1 || networks.some((n) => n.internal)) {
    warnings.add('networks', 'all pods of a set share the namespace network: Compose networks (and internal:) do not isolate services in a cluster');
  }
  for (const n of networks) reportNetworkKeys(n, warnings);
  for (const n of networks.filter((n) => n.external)) warnings.add(`networks.${n.name}`, 'is external; a cluster has no such network and it is left out');
}
