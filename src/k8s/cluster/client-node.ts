/**
 * @kubernetes/client-node, loaded when a cluster verb first needs it. It is an ES module only,
 * and the CLI bundle is CommonJS (scripts/bundle-cli.js: so Node 20 can keep its compiled code
 * between runs), from which only import() reaches an ES module. It is also large: the verbs that
 * never talk to a cluster do not load it.
 */
export type ClientNode = typeof import('@kubernetes/client-node');

let loading: Promise<ClientNode> | undefined;

export function clientNode(): Promise<ClientNode> {
  return (loading ??= import('@kubernetes/client-node'));
}
