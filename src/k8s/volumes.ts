/**
 * A service's volumes in a pod. A named volume that one service uses becomes a volume claim
 * template of its StatefulSet (one PersistentVolumeClaim per volume and replica); one that
 * several services share becomes a single ReadWriteMany claim they all mount. tmpfs (and
 * shm_size's /dev/shm) is a memory-backed emptyDir; bind mounts have no meaning in a cluster and are reported.
 */
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { Project, Service } from '../model/project.js';
import type { KubernetesSettings } from '../model/x-testbed.js';
import { literals } from './expansion.js';
import { byteQuantity } from './resources.js';
import { dnsLabel, objectName } from './object-names.js';
import { shellQuote } from './shell-quote.js';
import type { ResolvedManifestOptions } from './manifest-options.js';
import type { RenderWarnings } from './render-warnings.js';

/** Prefixed with testbed-, as the seeding init container is, to keep clear of the names Compose volumes get. */
const SHM_VOLUME = 'testbed-shm';

export type ClaimTemplate = Omit<IPersistentVolumeClaim, 'apiVersion' | 'kind'>;

export interface PodStorage {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  claimTemplates: ClaimTemplate[];
  /** Seeds writable paths from the image, for arbitrary_uid. */
  initContainers: IContainer[];
}

/** Named volumes of the file and the active services that mount each. */
export function volumeUsers(project: Project): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const service of Object.values(project.services)) {
    for (const mount of service.volumes) {
      if (mount.type !== 'volume' || !mount.source || project.volumes[mount.source]?.external) continue;
      const list = users.get(mount.source) ?? [];
      if (!list.includes(service.name)) list.push(service.name);
      users.set(mount.source, list);
    }
  }
  return users;
}

export function volumeSize(volume: string, kubernetes: KubernetesSettings, options: ResolvedManifestOptions): string {
  if (options.placeholders) return options.placeholders.token(`index .Values.storage ${JSON.stringify(volume)} "size"`);
  return kubernetes.volumeSizes[volume] ?? options.volumeSize;
}

export function storageClassName(options: ResolvedManifestOptions): string | undefined {
  if (options.placeholders) return options.placeholders.token('.Values.storageClass', 'json');
  return options.storageClass;
}

export function claimSpec(volume: string, accessMode: 'ReadWriteOnce' | 'ReadWriteMany', kubernetes: KubernetesSettings, options: ResolvedManifestOptions): ClaimTemplate['spec'] {
  const spec: NonNullable<ClaimTemplate['spec']> = { accessModes: [accessMode], resources: { requests: { storage: volumeSize(volume, kubernetes, options) } } };
  const storageClass = storageClassName(options);
  if (storageClass) spec.storageClassName = storageClass;
  return spec;
}

function tmpfsSize(options: string | undefined): string | undefined {
  const size = /(?:^|,)size=(\d+)([kmg]?)/i.exec(options ?? '');
  if (!size) return undefined;
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[size[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return byteQuantity(Number(size[1]) * unit);
}

export function podStorage(
  project: Project,
  service: Service,
  arbitraryUid: boolean,
  kubernetes: KubernetesSettings,
  shared: Map<string, string[]>,
  image: string,
  options: ResolvedManifestOptions,
  warnings: RenderWarnings,
): PodStorage {
  const path = `services.${service.name}.volumes`;
  const storage: PodStorage = { volumes: [], mounts: [], claimTemplates: [], initContainers: [] };
  /** Writable places the arbitrary_uid seeding copies the image's files into: [volume name, path]. */
  const writable: [string, string][] = [];

  service.volumes.forEach((mount, i) => {
    if (mount.type === 'bind') {
      warnings.add(path, `bind mount ${mount.source} -> ${mount.target} has no meaning in a cluster and is left out; a file can be a Compose config (configs:), which becomes a ConfigMap`);
      return;
    }
    if (mount.type === 'tmpfs') {
      const name = `tmpfs-${i}`;
      const sizeLimit = mount.sizeBytes === undefined ? undefined : byteQuantity(mount.sizeBytes);
      storage.volumes.push({ name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
      storage.mounts.push({ name, mountPath: mount.target });
      if (mount.mode !== undefined) {
        warnings.add(`${path}[${i}].tmpfs.mode`, `an emptyDir has no mode (Kubernetes makes it world-writable, 0777): mode ${mount.mode.toString(8).padStart(4, '0')} is left out`);
      }
      return;
    }
    if (!mount.source) {
      const name = `anonymous-${i}`;
      storage.volumes.push({ name, emptyDir: {} });
      storage.mounts.push({ name, mountPath: mount.target, ...(mount.readOnly ? { readOnly: true } : {}) });
      if (!mount.readOnly) writable.push([name, mount.target]);
      return;
    }
    const declared = project.volumes[mount.source];
    const readOnly = mount.readOnly ? { readOnly: true } : {};
    if (declared?.external) {
      const name = dnsLabel(`external-${mount.source}`);
      storage.volumes.push({ name, persistentVolumeClaim: { claimName: dnsLabel(declared.externalName ?? declared.name) } });
      storage.mounts.push({ name, mountPath: mount.target, ...readOnly });
      warnings.add(`volumes.${mount.source}`, `is external: the pods mount the existing PersistentVolumeClaim ${dnsLabel(declared.externalName ?? declared.name)}`);
      return;
    }
    if (declared?.driver || Object.keys(declared?.driverOpts ?? {}).length > 0) {
      warnings.add(`volumes.${mount.source}`, 'driver and driver_opts have no meaning in a cluster; the claim uses the storage class instead');
    }
    if ((shared.get(mount.source)?.length ?? 0) > 1) {
      const name = objectName.sharedVolume(mount.source);
      if (!storage.volumes.some((v) => v.name === name)) storage.volumes.push({ name, persistentVolumeClaim: { claimName: name } });
      storage.mounts.push({ name, mountPath: mount.target, ...readOnly });
    } else {
      const name = objectName.claimTemplate(mount.source);
      if (!storage.claimTemplates.some((t) => t.metadata?.name === name)) {
        storage.claimTemplates.push({ metadata: { name }, spec: claimSpec(mount.source, 'ReadWriteOnce', kubernetes, options) });
      }
      storage.mounts.push({ name, mountPath: mount.target, ...readOnly });
    }
    if (!mount.readOnly) writable.push([storage.mounts.at(-1)!.name, mount.target]);
    if (!mount.readOnly && !arbitraryUid && (!mount.noCopy || service.user === undefined)) {
      warnings.add(
        path,
        `volume ${mount.source} at ${mount.target}: unlike Docker, Kubernetes neither copies the image's files into a new volume nor ` +
          `gives it to the image's user (a new claim is usually root's); for a non-root service, set user: UID:GID or x-testbed arbitrary_uid`,
      );
    }
  });

  for (const [i, entry] of service.tmpfs.entries()) {
    const [target, tmpfsOptions] = entry.split(/:(.*)/s);
    const name = `tmpfs-opt-${i}`;
    const sizeLimit = tmpfsSize(tmpfsOptions);
    storage.volumes.push({ name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
    storage.mounts.push({ name, mountPath: target! });
  }

  shmVolume(service, storage, warnings);

  if (arbitraryUid) {
    service.writablePaths.forEach((target, i) => {
      const name = `writable-${i}`;
      storage.volumes.push({ name, emptyDir: {} });
      storage.mounts.push({ name, mountPath: target });
      writable.push([name, target]);
    });
    if (writable.length > 0) storage.initContainers.push(seedContainer(image, writable));
  } else if (service.writablePaths.length > 0) {
    warnings.add(`services.${service.name}.x-testbed.writable_paths`, 'applies only with arbitrary_uid: true');
  }
  return storage;
}

/**
 * shm_size: the pod's /dev/shm as a memory-backed emptyDir of that size. 0 is Docker's default
 * (64 MiB), which is the container runtime's default /dev/shm in a pod as well.
 */
function shmVolume(service: Service, storage: PodStorage, warnings: RenderWarnings): void {
  const size = service.container.shmSizeBytes;
  if (size === undefined || size === 0) return;
  if (storage.mounts.some((m) => m.mountPath.replace(/\/+$/, '') === '/dev/shm')) {
    // Docker too leaves its own /dev/shm out when the service mounts something there.
    warnings.add(`services.${service.name}.shm_size`, 'is left out: the service mounts a volume or tmpfs at /dev/shm, which is used instead (as on Docker)');
    return;
  }
  storage.volumes.push({ name: SHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: byteQuantity(size) } });
  storage.mounts.push({ name: SHM_VOLUME, mountPath: '/dev/shm' });
}

/**
 * Under an arbitrary UID the image's own files in a writable path are not writable: this copies
 * them into the (empty) volume once, as that user, and makes them group-0 writable (g=u), the
 * convention OpenShift images follow. Needs sh, ls, cp and chmod in the image.
 */
function seedContainer(image: string, writable: [string, string][]): IContainer {
  const lines = writable.map(([, target], i) => `seed ${shellQuote(target)} /testbed-writable/${i}`);
  const script = [
    'seed() { if [ -z "$(ls -A "$2")" ]; then cp -R "$1/." "$2/" 2>/dev/null || true; fi; chmod -R g=u "$2" 2>/dev/null || true; }',
    ...lines,
  ].join('\n');
  return {
    name: 'testbed-seed-writable',
    image,
    command: literals(['/bin/sh', '-c', script]),
    volumeMounts: writable.map(([name], i) => ({ name, mountPath: `/testbed-writable/${i}` })),
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  };
}

/** A service with a named volume of its own is a StatefulSet (one claim per replica); else a Deployment. */
export function workloadKind(project: Project, service: Service, users: Map<string, string[]>): 'Deployment' | 'StatefulSet' {
  const own = service.volumes.some((m) => m.type === 'volume' && m.source && !project.volumes[m.source]?.external && (users.get(m.source)?.length ?? 0) === 1);
  return own ? 'StatefulSet' : 'Deployment';
}
