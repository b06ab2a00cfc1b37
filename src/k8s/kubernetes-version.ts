/**
 * The Kubernetes version whose OpenAPI schema every rendered object is validated against:
 * the schema that kubernetes-models 5.x was generated from (its 5.0.0 release moved to v1.36.0).
 * Rendering uses only stable APIs (v1, apps/v1, batch/v1), present since Kubernetes 1.21.
 */
export const KUBERNETES_SCHEMA_VERSION = '1.36';
