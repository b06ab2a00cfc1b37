/**
 * What a service replica mounts. Named volumes belong to the set (each set has its own
 * data); external volumes and bind mounts are shared as the file says.
 */
import type { Project, Service } from '../model/project.js';
import { engineVolumeName } from './names.js';
import type { MountSpec } from './specs.js';

/** A config or secret already written to the host (by lifecycle), mounted read-only. */
export interface MaterialisedFile {
  hostPath: string;
  target: string;
  readOnly: true;
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
