/**
 * Where a Docker set's services are reached, as its templates see them: by their own name on the
 * set's networks, as <service>.<set>.lan from the host, at the loopback address of their first
 * replica with the ports it publishes there.
 */
import type { Project, Service } from '../../model/project.js';
import { serviceDomain } from '../../plan/names.js';
import { portBindings, type PublishMode } from '../../plan/port-bindings.js';
import { replicaKey } from '../../plan/set-plan.js';
import type { ServiceView } from '../../set-config/template-context.js';

export function dockerServiceView(project: Project, set: string, addresses: Record<string, string>, publish: PublishMode = 'loopback'): (service: Service) => ServiceView {
  return (service) => {
    const address = addresses[replicaKey(project.name, set, service.name, 1)] ?? '';
    return {
      host: service.name,
      lan: serviceDomain(service.name, set),
      address,
      ports: portBindings(service.ports, address, publish).map((b) => {
        const [target = '', protocol = 'tcp'] = b.containerPort.split('/');
        return { target: Number(target), published: b.hostPort === '' ? null : Number(b.hostPort), host_ip: b.hostIp, protocol };
      }),
    };
  };
}
