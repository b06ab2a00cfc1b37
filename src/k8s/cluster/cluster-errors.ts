/** Failures talking to a Kubernetes API server, with what the server said. */
import { TestbedError } from '../../common/errors.js';

export class ClusterUnreachableError extends TestbedError {
  constructor(server: string, cause?: unknown) {
    super('CLUSTER_UNREACHABLE', `no Kubernetes API server answers at ${server}`, {
      hint: 'Check the context (--context, kubectl config current-context) and that the cluster is up: kubectl get --raw /version.',
      cause,
    });
  }
}

/** The kubeconfig's credentials could not be had (an exec plugin failed, a file is missing): nothing was sent. */
export class ClusterLoginError extends TestbedError {
  constructor(context: string, cause: unknown) {
    super('CLUSTER_UNREACHABLE', `cannot log in to the cluster of context ${context}: ${(cause instanceof Error ? cause.message : String(cause)).trim() || 'the credentials failed'}`, {
      hint: 'Check the user of that context in the kubeconfig; an exec plugin (aws eks get-token, kubelogin...) can be run by hand to see why it fails, often a login that has expired.',
      cause,
    });
  }
}

/** The API server answered, but refused the request. */
export class ClusterRequestError extends TestbedError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    request: string,
  ) {
    super('CLUSTER_FAILED', `${request}: ${message}`, {
      hint:
        status === 401 || status === 403
          ? 'The kubeconfig user may not do this here; ask for a role that can manage this namespace (kubectl auth can-i).'
          : status === 422
            ? 'The cluster rejected the object; if it is a Job whose command changed, destroy the set or delete that Job.'
            : 'See the message from the API server above.',
      details: { status, reason },
    });
  }
}

/** No kubeconfig to find a cluster with: the cluster cannot be reached, whatever the Compose file says. */
export class KubeconfigNotFoundError extends TestbedError {
  constructor(message: string, hint: string) {
    super('CLUSTER_UNREACHABLE', message, { hint });
  }
}
