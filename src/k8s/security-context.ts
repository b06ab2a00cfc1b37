/**
 * user, cap_add/cap_drop, read_only, privileged and security_opt as a container securityContext;
 * the user's group (for volumes) and group_add as the pod's. With arbitrary_uid (OpenShift and
 * clusters like it) no user is set: the platform picks one, and the pod runs with the
 * restricted profile such platforms enforce.
 */
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { Service } from '../model/project.js';
import type { RenderWarnings } from './render-warnings.js';
import { securityOptFields } from './security-opt.js';

/** "1000", "1000:1000" -> ids; a user name cannot be mapped (Kubernetes needs numbers). */
export function numericUser(user: string): { uid: number; gid?: number } | undefined {
  const m = /^(\d+)(?::(\d+))?$/.exec(user.trim());
  if (!m) return undefined;
  return m[2] === undefined ? { uid: Number(m[1]) } : { uid: Number(m[1]), gid: Number(m[2]) };
}

export function securityContextFor(service: Service, arbitraryUid: boolean, warnings: RenderWarnings): ISecurityContext | undefined {
  const path = `services.${service.name}`;
  const context: ISecurityContext = {};
  if (service.user !== undefined) {
    const ids = numericUser(service.user);
    if (arbitraryUid) warnings.add(`${path}.user`, 'is left out: with arbitrary_uid the platform chooses the user');
    else if (!ids) warnings.add(`${path}.user`, `"${service.user}" is a name; Kubernetes needs a numeric user (user: UID[:GID]), so the image's user is used`);
    else {
      context.runAsUser = ids.uid;
      if (ids.gid !== undefined) context.runAsGroup = ids.gid;
    }
  }
  const drop = arbitraryUid && !service.capDrop.includes('ALL') ? ['ALL', ...service.capDrop] : service.capDrop;
  if (service.capAdd.length > 0 || drop.length > 0) {
    context.capabilities = {};
    if (service.capAdd.length > 0) context.capabilities.add = service.capAdd.map((c) => c.replace(/^CAP_/, ''));
    if (drop.length > 0) context.capabilities.drop = drop.map((c) => c.replace(/^CAP_/, ''));
  }
  if (service.readOnly) context.readOnlyRootFilesystem = true;
  if (service.container.privileged) {
    if (arbitraryUid) warnings.add(`${path}.privileged`, 'is left out: arbitrary_uid runs with the restricted profile, which refuses privileged pods');
    else context.privileged = true;
  }
  Object.assign(context, securityOptFields(service, arbitraryUid, context.privileged === true, warnings));
  if (arbitraryUid) {
    // runAsNonRoot is left to the platform: OpenShift sets it with the UID it assigns.
    context.allowPrivilegeEscalation = false;
    context.seccompProfile = { type: 'RuntimeDefault' };
  }
  return Object.keys(context).length > 0 ? context : undefined;
}

/**
 * group_add as supplementalGroups; the user's group owns the volumes (fsGroup), as a Docker
 * volume belongs to the image's user. A group name cannot be mapped (Kubernetes needs numbers).
 */
export function podSecurityContextFor(service: Service, arbitraryUid: boolean, hasVolumes: boolean, warnings: RenderWarnings): IPodSecurityContext | undefined {
  const context: IPodSecurityContext = {};
  const ids = service.user ? numericUser(service.user) : undefined;
  if (!arbitraryUid && ids?.gid !== undefined && hasVolumes) context.fsGroup = ids.gid;
  const groups: number[] = [];
  for (const group of service.container.groupAdd) {
    const id = /^\d+$/.test(group.trim()) ? Number(group.trim()) : undefined;
    if (id !== undefined && Number.isSafeInteger(id)) {
      if (!groups.includes(id)) groups.push(id);
    } else {
      warnings.add(`services.${service.name}.group_add`, `"${group}" is a name; Kubernetes needs numeric groups (supplementalGroups), so it is left out: use the group's number`);
    }
  }
  if (groups.length > 0) context.supplementalGroups = groups;
  if (arbitraryUid) context.seccompProfile = { type: 'RuntimeDefault' };
  return Object.keys(context).length > 0 ? context : undefined;
}
