/** `testbed k8s destroy`: delete the set's namespace, and with it everything in it (data too). */
import type { ClusterClient } from './cluster/cluster-client.js';
import { findSetNamespace, NAMESPACES } from './set-namespace.js';

export async function deleteSetNamespace(client: ClusterClient, namespace: string, project: string, set: string): Promise<void> {
  await findSetNamespace(client, namespace, project, set);
  await client.delete(NAMESPACES, namespace);
}
