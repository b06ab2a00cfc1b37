/**
 * What templates, jobs and tests of a set can refer to (docs/x-testbed.md): the set, every
 * service's names, address and ports, the set's secrets and values, and the variables. The
 * shape is the same on Docker and in a cluster; only where a service is reached differs, and
 * each side says that (lifecycle/configure/docker-services.ts, k8s/cluster-templates.ts).
 */
import type { Project, Service } from '../model/project.js';
import type { TemplateContext } from './template-render.js';
import type { Values } from './values.js';

/** A published port as templates see it (`services.web.ports[0].published`). */
export interface PortView {
  target: number;
  /** null: published on a random port. */
  published: number | null;
  host_ip: string | null;
  protocol: string;
}

/** Where a service is reached from the set's other services and from its templates. */
export interface ServiceView {
  /** Its name on the set's network. */
  host: string;
  /** Its name from outside: <service>.<set>.lan on Docker, its Service's cluster name in a cluster. */
  lan: string;
  address: string;
  ports: PortView[];
}

export interface ContextInput {
  project: Project;
  /** `set.*`: its name, and what else the side has (a cluster's namespace). */
  set: { name: string } & Record<string, string>;
  serviceView: (service: Service) => ServiceView;
  secrets: Record<string, string>;
  values: Values;
}

export function templateContext(input: ContextInput): TemplateContext {
  const { project } = input;
  const services: Record<string, unknown> = {};
  for (const service of Object.values(project.services)) {
    const view = input.serviceView(service);
    services[service.name] = { name: service.name, host: view.host, lan: view.lan, address: view.address, replicas: service.replicas, ports: view.ports };
  }
  const { name, ...more } = input.set;
  return {
    set: { name, project: project.name, ...more },
    services,
    secrets: input.secrets,
    values: input.values,
    env: project.variables,
  };
}
