/**
 * The service account of job and test pods that exec in a service: it may find the set's pods
 * and workloads, wait for their rollout and exec in them, in this namespace only.
 */
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export const EXEC_SERVICE_ACCOUNT = 'testbed-exec';

export function execAccess(namespace: string, labels: Record<string, string>): [ServiceAccount, Role, RoleBinding] {
  const metadata = { name: EXEC_SERVICE_ACCOUNT, namespace, labels };
  return [
    new ServiceAccount({ metadata }),
    new Role({
      metadata,
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        // Exec is a create (POST) or, over WebSockets, a get.
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets', 'controllerrevisions'], verbs: ['get', 'list', 'watch'] },
      ],
    }),
    new RoleBinding({
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: EXEC_SERVICE_ACCOUNT },
      subjects: [{ kind: 'ServiceAccount', name: EXEC_SERVICE_ACCOUNT, namespace }],
    }),
  ];
}
