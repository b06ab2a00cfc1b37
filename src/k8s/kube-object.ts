/** A rendered Kubernetes object: a typed kubernetes-models instance with its type and metadata. */
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: IObjectMeta;
  toJSON(): unknown;
  validate(): void;
}

/** The plain JSON of an object, as the API server reads it. */
export type PlainObject = { apiVersion: string; kind: string; metadata: IObjectMeta & { name: string } } & Record<string, unknown>;

export function plain(object: KubeObject): PlainObject {
  return JSON.parse(JSON.stringify(object)) as PlainObject;
}

export function describeObject(object: { kind: string; metadata?: { name?: string } }): string {
  return `${object.kind}/${object.metadata?.name ?? '?'}`;
}
