/**
 * Values of a set's generated (and bcrypt-derived) secrets already in the cluster. Apply keeps
 * them, so a database initialised with a password keeps getting the same one.
 */
import type { ClusterClient } from './cluster/cluster-client.js';
import { SECRET_KEY } from './file-objects.js';
import { K8S_ANNOTATION, K8S_LABEL, labelSelectorText } from './k8s-labels.js';
import { kindInfo } from './kube-kinds.js';
import { labelValue } from './object-names.js';

export async function existingSecretValues(client: ClusterClient, namespace: string, set: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const source of ['generate', 'derive']) {
    const selector = labelSelectorText({ [K8S_LABEL.set]: labelValue(set), [K8S_LABEL.secretSource]: source });
    for (const secret of await client.list(kindInfo('v1', 'Secret'), namespace, selector)) {
      const name = secret.metadata.annotations?.[K8S_ANNOTATION.secretName];
      const value = secret.data?.[SECRET_KEY];
      if (name && value !== undefined) out[name] = Buffer.from(value, 'base64').toString('utf8');
    }
  }
  return out;
}
