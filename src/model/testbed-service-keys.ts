/**
 * The x-testbed keys of a service that both Docker and Kubernetes act on, read from the raw
 * `x-testbed` block in this one place (the schema has validated them already), so that a typed
 * model can take their place without a hunt through the code.
 */
import type { Service } from './project.js';

const truthy = (value: unknown): boolean => value === true || value === 'true';

/** `x-testbed: { arbitrary_uid: true }`: the service runs under any UID with group 0, as OpenShift runs it. */
export function arbitraryUidOf(service: Service): boolean {
  return truthy(service.testbed.arbitrary_uid);
}

/** `x-testbed: { writable_paths: [...] }`: paths of the image the service writes to, besides its volumes. */
export function writablePathsOf(service: Service): string[] {
  const paths = service.testbed.writable_paths;
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
}
