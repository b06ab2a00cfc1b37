/**
 * A service as a Deployment, or as a StatefulSet when it has a named volume of its own (each
 * replica then keeps its own claim, as each Docker set keeps its own volume).
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { Service } from '../model/project.js';
import { K8S_LABEL, serviceSelector } from './k8s-labels.js';
import { labelValue, serviceName } from './object-names.js';
import { servicePod } from './pod-spec.js';
import type { ManifestContext } from './manifest-context.js';

export function serviceLabels(ctx: ManifestContext, service: string): Record<string, string> {
  return { ...ctx.labels, ...serviceSelector(ctx.options.set, service), [K8S_LABEL.name]: labelValue(service) };
}

/** Compose labels are free text, which Kubernetes labels are not: they become pod annotations. */
function podMetadata(ctx: ManifestContext, service: Service): IObjectMeta {
  const meta: IObjectMeta = { labels: serviceLabels(ctx, service.name) };
  if (Object.keys(service.labels).length > 0) meta.annotations = { ...service.labels };
  return meta;
}

export function workload(service: Service, ctx: ManifestContext): Deployment | StatefulSet {
  const pod = servicePod(service, ctx);
  const metadata = { name: serviceName(service.name), namespace: ctx.options.namespace, labels: serviceLabels(ctx, service.name) };
  const selector = { matchLabels: serviceSelector(ctx.options.set, service.name) };
  const template = { metadata: podMetadata(ctx, service), spec: pod.spec };
  if (pod.claimTemplates.length === 0) {
    return new Deployment({ metadata, spec: { replicas: service.replicas, selector, template } });
  }
  return new StatefulSet({
    metadata,
    spec: {
      replicas: service.replicas,
      serviceName: serviceName(service.name),
      // Compose starts all replicas together; ordered start would only add waiting.
      podManagementPolicy: 'Parallel',
      selector,
      template,
      volumeClaimTemplates: pod.claimTemplates.map((t) => ({ ...t, metadata: { ...t.metadata, labels: serviceLabels(ctx, service.name) } })),
    },
  });
}
