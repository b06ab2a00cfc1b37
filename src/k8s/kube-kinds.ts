/**
 * The kinds Testbed renders: their typed model (to validate plain objects read back from YAML)
 * and their place in the REST API (to apply, list and delete them without a discovery round).
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { KubeObject } from './kube-object.js';

export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** Lowercase plural, as in the URL. */
  resource: string;
  namespaced: boolean;
  model: new (data: never) => KubeObject;
}

export const KINDS: KindInfo[] = [
  { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, model: Namespace },
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true, model: ServiceAccount },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', namespaced: true, model: Role },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true, model: RoleBinding },
  { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true, model: Secret },
  { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, model: ConfigMap },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', namespaced: true, model: PersistentVolumeClaim },
  { apiVersion: 'v1', kind: 'Service', resource: 'services', namespaced: true, model: Service },
  { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, model: Pod },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true, model: StatefulSet },
  { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', namespaced: true, model: Deployment },
  { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs', namespaced: true, model: CronJob },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs', namespaced: true, model: Job },
];

export function kindInfo(apiVersion: string, kind: string): KindInfo {
  const info = KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind);
  if (!info) throw new Error(`Testbed does not handle ${apiVersion} ${kind}`);
  return info;
}

/** A plain object (from YAML or the API) as its typed model, for validation. */
export function typedObject(value: { apiVersion: string; kind: string }): KubeObject {
  const { model } = kindInfo(value.apiVersion, value.kind);
  const { apiVersion: _a, kind: _k, ...data } = value as Record<string, unknown>;
  return new model(data as never);
}

/** /api/v1 or /apis/<group>/<version>, then the namespace when the kind lives in one. */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const root = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  return info.namespaced && namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${info.resource}` : `${root}/${info.resource}`;
}

export function objectPath(info: KindInfo, name: string, namespace?: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}
