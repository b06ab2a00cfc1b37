/**
 * Finding a set's namespace, and refusing to touch a namespace that is not that set's: a
 * namespace of the same name made by someone else (or for another project) is never taken over.
 */
import { NotFoundError, UsageError } from '../common/errors.js';
import type { ClusterClient, ListedObject } from './cluster/cluster-client.js';
import { K8S_LABEL } from './k8s-labels.js';
import { kindInfo } from './kube-kinds.js';
import { labelValue } from './object-names.js';

export const NAMESPACES = kindInfo('v1', 'Namespace');

export function checkOwnership(namespace: ListedObject, project: string, set: string): void {
  const labels = namespace.metadata.labels ?? {};
  if (labels[K8S_LABEL.managed] === 'true' && labels[K8S_LABEL.project] === labelValue(project) && labels[K8S_LABEL.set] === labelValue(set)) return;
  const owner = labels[K8S_LABEL.managed] === 'true' ? `set ${labels[K8S_LABEL.set]} of project ${labels[K8S_LABEL.project]}` : 'something other than Testbed';
  throw new UsageError(`namespace ${namespace.metadata.name} exists and belongs to ${owner}, not to set ${set} of project ${project}`, {
    hint: 'Choose another set name, or another namespace with --namespace.',
  });
}

/** The set's namespace; SET_NOT_FOUND when there is none. */
export async function findSetNamespace(client: ClusterClient, namespace: string, project: string, set: string): Promise<ListedObject> {
  const found = await client.get(NAMESPACES, namespace);
  if (!found) {
    throw new NotFoundError('SET_NOT_FOUND', `no set ${set} in the cluster (context ${client.context}): namespace ${namespace} does not exist`, {
      hint: 'testbed k8s gc --dry-run lists the sets in the cluster; testbed k8s apply SET makes one.',
    });
  }
  checkOwnership(found, project, set);
  return found;
}
