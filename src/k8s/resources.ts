/** Compose resource limits as Kubernetes quantities. */
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { Service } from '../model/project.js';

/** Bytes as the largest binary unit that divides them (268435456 -> 256Mi). */
export function byteQuantity(bytes: number): string {
  for (const [unit, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Fractional CPUs as millicores (0.5 -> 500m). */
export function cpuQuantity(cpus: number): string {
  const milli = Math.round(cpus * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/**
 * Limits from deploy.resources.limits (and mem_limit, cpus), requests from
 * deploy.resources.reservations (and mem_reservation): what the scheduler sets aside.
 */
export function resourcesFor(service: Pick<Service, 'limits' | 'container'>): IResourceRequirements {
  const { limits } = service;
  const memoryReservationBytes = service.container.memoryReservationBytes;
  const max: Record<string, string> = {};
  if (limits.memoryBytes !== undefined) max.memory = byteQuantity(limits.memoryBytes);
  if (limits.cpus !== undefined) max.cpu = cpuQuantity(limits.cpus);
  const min: Record<string, string> = {};
  if (memoryReservationBytes !== undefined) min.memory = byteQuantity(memoryReservationBytes);
  if (limits.reservedCpus !== undefined) min.cpu = cpuQuantity(limits.reservedCpus);
  return { ...(Object.keys(max).length > 0 ? { limits: max } : {}), ...(Object.keys(min).length > 0 ? { requests: min } : {}) };
}
