/**
 * depends_on with condition service_healthy: an init container that waits until the dependency
 * takes connections through its Service. A Service routes only to ready pods, and readiness is
 * the dependency's healthcheck, so a connection means "healthy", as in a Docker set.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { Project } from '../model/project.js';
import { literals } from './expansion.js';
import { dnsLabel, serviceName } from './object-names.js';
import type { RenderWarnings } from './render-warnings.js';

/** The port a dependency is reached on: its first declared container port. */
export function firstPort(project: Project, service: string): number | undefined {
  const s = project.services[service];
  if (!s) return undefined;
  const port = s.ports.find((p) => p.protocol === 'tcp')?.target ?? s.expose.map((e) => Number.parseInt(e, 10)).find((n) => Number.isInteger(n));
  return port;
}

export function waitContainer(project: Project, dependency: string, image: string, arbitraryUid: boolean, where: string, warnings: RenderWarnings): IContainer | undefined {
  const port = firstPort(project, dependency);
  if (port === undefined) {
    warnings.add(where, `waits for ${dependency}, which has no TCP ports or expose; Kubernetes cannot check it (add expose: [PORT] to ${dependency})`);
    return undefined;
  }
  const host = serviceName(dependency);
  const script = `until nc -z -w 2 ${host} ${port}; do echo "waiting for ${host}:${port}"; sleep 2; done`;
  return {
    name: dnsLabel(`wait-for-${dependency}`),
    image,
    command: literals(['/bin/sh', '-c', script]),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      ...(arbitraryUid ? {} : { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 }),
    },
  };
}

/** Init containers for a service's (or job's) dependencies that must be healthy. */
export function waitContainers(project: Project, dependencies: string[], image: string, arbitraryUid: boolean, where: string, warnings: RenderWarnings): IContainer[] {
  return dependencies.flatMap((d) => waitContainer(project, d, image, arbitraryUid, where, warnings) ?? []);
}
