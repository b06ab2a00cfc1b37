/**
 * Compose `security_opt` (Docker's --security-opt) as fields of the container securityContext:
 * no-new-privileges, seccomp, AppArmor and SELinux labels have one each. What needs a file on
 * every node, or has no field, is reported with the option and why. With arbitrary_uid nothing
 * here may loosen the restricted profile that such platforms enforce: those options are reported.
 */
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { ISELinuxOptions } from 'kubernetes-models/v1/SELinuxOptions';
import type { Service } from '../model/project.js';
import type { RenderWarnings } from './render-warnings.js';

export type SecurityOptFields = Pick<ISecurityContext, 'allowPrivilegeEscalation' | 'seccompProfile' | 'appArmorProfile' | 'seLinuxOptions'>;

const RESTRICTED = 'is left out: arbitrary_uid runs with the restricted profile, which';

/** As Docker reads an option: `no-new-privileges` or `disable` alone, else KEY=VALUE, else the older KEY:VALUE. */
function keyValue(option: string): [string, string] | undefined {
  if (option === 'no-new-privileges') return ['no-new-privileges', 'true'];
  if (option === 'disable') return ['label', 'disable'];
  const m = /^([^=:]+)[=:](.*)$/s.exec(option);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** Go's strconv.ParseBool, with which Docker reads no-new-privileges. */
function goBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

const SELINUX_PARTS = ['user', 'role', 'type', 'level'] as const;

/** `privileged`: whether the rendered container is privileged (Kubernetes refuses no-new-privileges with it). */
export function securityOptFields(service: Service, arbitraryUid: boolean, privileged: boolean, warnings: RenderWarnings): SecurityOptFields {
  const at = `services.${service.name}.security_opt`;
  const out: SecurityOptFields = {};
  const selinux: ISELinuxOptions = {};
  const leftOut = (option: string, why: string) => warnings.add(at, `"${option}" ${why}`);

  for (const option of service.container.securityOpt) {
    const parsed = keyValue(option.trim());
    if (!parsed) {
      leftOut(option, 'is not KEY=VALUE (nor KEY:VALUE), which Docker refuses too: it is left out');
      continue;
    }
    const [key, value] = parsed;
    if (key === 'no-new-privileges') {
      const on = goBool(value);
      if (on === undefined) leftOut(option, 'is neither true nor false: it is left out');
      else if (on && privileged) leftOut(option, 'is left out: Kubernetes refuses allowPrivilegeEscalation: false on a privileged container (Docker allows both)');
      else if (on) out.allowPrivilegeEscalation = false;
      else if (arbitraryUid) leftOut(option, `${RESTRICTED} requires allowPrivilegeEscalation: false`);
      // false otherwise: Kubernetes allows privilege escalation by default, as Docker does.
    } else if (key === 'seccomp') {
      if (value === 'builtin') out.seccompProfile = { type: 'RuntimeDefault' };
      else if (value === 'unconfined' && arbitraryUid) leftOut(option, `${RESTRICTED} requires the RuntimeDefault seccomp profile`);
      else if (value === 'unconfined') out.seccompProfile = { type: 'Unconfined' };
      else {
        leftOut(option, 'is left out: a seccomp profile file has to be installed on every node (in the kubelet\'s seccomp folder) and named as seccompProfile { type: Localhost, localhostProfile }');
      }
    } else if (key === 'apparmor') {
      if (value === '') leftOut(option, 'names no AppArmor profile: it is left out');
      // docker-default is the profile Docker applies when none is named: the runtime's default.
      else if (value === 'docker-default') out.appArmorProfile = { type: 'RuntimeDefault' };
      else if (value === 'unconfined' && arbitraryUid) leftOut(option, `${RESTRICTED} refuses an unconfined AppArmor profile`);
      else if (value === 'unconfined') out.appArmorProfile = { type: 'Unconfined' };
      else out.appArmorProfile = { type: 'Localhost', localhostProfile: value };
    } else if (key === 'label') {
      const part = /^(user|role|type|level):(.+)$/s.exec(value);
      if (value === 'disable') {
        leftOut(option, 'is left out: Kubernetes cannot turn SELinux labelling off for a container (the nearest is label=type:spc_t, seLinuxOptions.type, which a cluster may refuse)');
      } else if (!part) leftOut(option, `is left out: Kubernetes takes only the SELinux ${SELINUX_PARTS.join(', ')} of a label`);
      else if (arbitraryUid) leftOut(option, `${RESTRICTED} leaves the SELinux context to the platform`);
      else selinux[part[1] as (typeof SELINUX_PARTS)[number]] = part[2]!;
    } else if (key === 'systempaths') {
      leftOut(option, 'is left out: Kubernetes unmasks /proc only with procMount: Unmasked, for pods in a user namespace of their own');
    } else if (key === 'writable-cgroups') {
      leftOut(option, 'is left out: Kubernetes mounts the cgroup filesystem read-only in a container that is not privileged');
    } else {
      leftOut(option, `is left out: ${key} is not a security option Docker or Kubernetes knows`);
    }
  }
  if (Object.keys(selinux).length > 0) out.seLinuxOptions = selinux;
  return out;
}
