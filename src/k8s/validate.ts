/**
 * Every rendered object is checked against the Kubernetes OpenAPI schema (see
 * kubernetes-version.ts) before it is printed or sent; all problems are reported together.
 */
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { describeObject, type KubeObject } from './kube-object.js';
import { KUBERNETES_SCHEMA_VERSION } from './kubernetes-version.js';

interface SchemaError {
  instancePath?: string;
  message?: string;
}

export function schemaIssues(objects: KubeObject[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const object of objects) {
    try {
      object.validate();
    } catch (err) {
      const errors = (err as { errors?: SchemaError[] }).errors;
      const list = errors && errors.length > 0 ? errors : [{ message: (err as Error).message }];
      for (const e of list) issues.push({ message: `${describeObject(object)}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}` });
    }
  }
  return issues;
}

export function validateObjects(objects: KubeObject[]): void {
  const issues = schemaIssues(objects);
  if (issues.length === 0) return;
  throw new ConfigError(issues, {
    hint: `The rendered objects do not match the Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema; a value in the file is likely of the wrong kind for Kubernetes.`,
  });
}
