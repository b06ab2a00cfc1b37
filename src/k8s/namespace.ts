/**
 * The namespace of a set, labelled so that `status`, `destroy` and `gc` find it again: project,
 * set, branch and creation time as labels (selectable), the exact branch and the time of the
 * last apply as annotations.
 */
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { K8S_ANNOTATION, K8S_LABEL } from './k8s-labels.js';
import { labelValue } from './object-names.js';
import type { ResolvedManifestOptions } from './manifest-options.js';

export function namespaceObject(labels: Record<string, string>, options: ResolvedManifestOptions): Namespace {
  const nsLabels: Record<string, string> = { ...labels, [K8S_LABEL.createdAt]: String(Math.floor(options.createdAt.getTime() / 1000)) };
  const annotations: Record<string, string> = { [K8S_ANNOTATION.appliedAt]: options.now.toISOString() };
  if (options.branch) {
    nsLabels[K8S_LABEL.branch] = labelValue(options.branch);
    annotations[K8S_ANNOTATION.branch] = options.branch;
  }
  return new Namespace({ metadata: { name: options.namespace, labels: nsLabels, annotations } });
}
