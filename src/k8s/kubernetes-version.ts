/**
 * The Kubernetes version whose OpenAPI schema every rendered object is validated against:
 * the schema that kubernetes-models 4.5 was generated from (Kubernetes 1.33; its 5.x line, on
 * 1.36, needs Node 22). Rendering uses only stable APIs (v1, apps/v1, batch/v1), present since
 * Kubernetes 1.21, so the objects are the same for every cluster version since, with one
 * exception: securityContext.appArmorProfile (from security_opt apparmor=...) came with 1.30
 * (the annotations it replaces are deprecated there): an older API server does not know it, and
 * refuses or drops it as an unknown field.
 */
export const KUBERNETES_SCHEMA_VERSION = '1.33';
