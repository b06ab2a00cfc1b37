/** Compose resource limits as Kubernetes quantities. */
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ResourceLimits } from '../model/project.js';

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

export function resourcesFor(limits: ResourceLimits): IResourceRequirements {
  const out: Record<string, string> = {};
  if (limits.memoryBytes !== undefined) out.memory = byteQuantity(limits.memoryBytes);
  if (limits.cpus !== undefined) out.cpu = cpuQuantity(limits.cpus);
  return Object.keys(out).length > 0 ? { limits: out } : {};
}
