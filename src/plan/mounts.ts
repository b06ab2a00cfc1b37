/**
 * What a service replica mounts. Named volumes belong to the set (each set has its own
 * data); external volumes and bind mounts are shared as the file says.
 */
import type { Project, Service } from '../model/project.js';
import { engineVolumeName } from './names.js';
import type { MountSpec } from './specs.js';

/**
 * A config or secret already written to the set's folder (by lifecycle). It is copied into
 * the container before each start, so ownership and mode are the file's own (`uid`, `gid`,
 * `mode`) whatever user runs Testbed; a read-only container gets it bind-mounted instead.
 */
export interface MaterialisedFile {
  hostPath: string;
  target: string;
  mode: number;
  uid: number;
  gid: number;
  /** Of the content: a change recreates the container. */
  sha256: string;
}

/** Files to copy in (the container's label), or to bind-mount when the root filesystem is read-only. */
export function injectedFiles(service: Service, files: MaterialisedFile[]): MaterialisedFile[] {
  return service.readOnly ? [] : files;
}

export function mountSpecs(project: Project, set: string, service: Service, files: MaterialisedFile[] = []): MountSpec[] {
  const mounts = service.volumes.map((volume): MountSpec => {
    switch (volume.type) {
      case 'volume':
        return {
          type: 'volume',
          // No source: an anonymous volume. '' asks the engine to make one for this container;
          // it goes with the container (unlike Compose, a recreate does not carry it over).
          source: volume.source ? engineVolumeName(project, set, volume.source) : '',
          target: volume.target,
          readOnly: volume.readOnly,
          noCopy: volume.noCopy,
        };
      case 'bind':
        return {
          type: 'bind',
          source: volume.source,
          target: volume.target,
          readOnly: volume.readOnly,
          createHostPath: volume.createHostPath,
          ...(volume.propagation ? { propagation: volume.propagation } : {}),
        };
      case 'tmpfs':
        return {
          type: 'tmpfs',
          target: volume.target,
          ...(volume.sizeBytes === undefined ? {} : { sizeBytes: volume.sizeBytes }),
          ...(volume.mode === undefined ? {} : { mode: volume.mode }),
        };
    }
  });
  if (!service.readOnly) return mounts;
  for (const file of files) {
    mounts.push({ type: 'bind', source: file.hostPath, target: file.target, readOnly: true, createHostPath: false });
  }
  return mounts;
}

/** Named volumes (file keys) a service mounts; anonymous ones have no key. */
export function volumeKeys(service: Service): string[] {
  return service.volumes.flatMap((v) => (v.type === 'volume' && v.source ? [v.source] : []));
}

/** The service-level `tmpfs:` key: "target[:options]" -> { target: options }. */
export function tmpfsOptions(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0) out[entry] = '';
    else out[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return out;
}
