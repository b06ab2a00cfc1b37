/**
 * What templates, jobs and tests of a set can refer to (docs/x-testbed.md): the set, every
 * service's names, address and ports, the set's secrets and values, and the variables.
 */
import type { Project } from '../model/project.js';
import { serviceDomain } from '../plan/names.js';
import { portBindings, type PublishMode } from '../plan/port-bindings.js';
import { replicaKey } from '../plan/set-plan.js';
import type { TemplateContext } from './template-render.js';

export interface ContextInput {
  project: Project;
  set: string;
  addresses: Record<string, string>;
  secrets: Record<string, string>;
  values: Record<string, unknown>;
  publish?: PublishMode;
}

export function templateContext(input: ContextInput): TemplateContext {
  const { project, set } = input;
  const services: Record<string, unknown> = {};
  for (const service of Object.values(project.services)) {
    const address = input.addresses[replicaKey(project.name, set, service.name, 1)] ?? '';
    services[service.name] = {
      name: service.name,
      host: service.name,
      lan: serviceDomain(service.name, set),
      address,
      replicas: service.replicas,
      ports: portBindings(service.ports, address, input.publish ?? 'loopback').map((b) => {
        const [target = '', protocol = 'tcp'] = b.containerPort.split('/');
        return { target: Number(target), published: b.hostPort === '' ? null : Number(b.hostPort), host_ip: b.hostIp, protocol };
      }),
    };
  }
  return {
    set: { name: set, project: project.name },
    services,
    secrets: input.secrets,
    values: input.values,
    env: project.variables,
  };
}
