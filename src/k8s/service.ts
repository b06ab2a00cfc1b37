/**
 * A Service per Compose service, named as the service, so that `db` resolves inside the
 * namespace exactly as inside a Docker set. Network aliases get a Service each. A service with no
 * ports gets a headless Service: its name still resolves, to the pods themselves.
 */
import { Service as KubeService } from 'kubernetes-models/v1/Service';
import type { Service } from '../model/project.js';
import { containerPorts } from './container.js';
import { serviceSelector } from './k8s-labels.js';
import { serviceName } from './object-names.js';
import type { ManifestContext } from './manifest-context.js';
import { serviceLabels } from './workload.js';

export function services(service: Service, ctx: ManifestContext): KubeService[] {
  const ports = containerPorts(service, ctx.warnings).map((p) => ({
    name: p.name ?? `${p.protocol.toLowerCase()}-${p.port}`,
    port: p.port,
    targetPort: p.port,
    protocol: p.protocol,
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  }));
  const spec =
    ports.length > 0
      ? { selector: serviceSelector(ctx.options.set, service.name), ports }
      : { selector: serviceSelector(ctx.options.set, service.name), clusterIP: 'None', publishNotReadyAddresses: false };
  const names = [serviceName(service.name)];
  for (const network of Object.values(service.networks)) {
    for (const alias of network.aliases) {
      const name = serviceName(alias);
      if (!names.includes(name)) names.push(name);
    }
  }
  for (const name of names.slice(1)) {
    if (name !== names[0] && ctx.project.services[name]) {
      ctx.warnings.add(`services.${service.name}.networks`, `alias ${name} is also a service's name; the alias is left out`);
    }
  }
  return names
    .filter((name, i) => i === 0 || !ctx.project.services[name])
    .map((name) => new KubeService({ metadata: { name, namespace: ctx.options.namespace, labels: serviceLabels(ctx, service.name) }, spec }));
}
