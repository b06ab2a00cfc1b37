/** Reading where the cluster is as kubectl does: KUBECONFIG files, contexts, credentials, in a pod. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, UsageError } from '../../../src/common/errors.js';
import { KubeconfigNotFoundError } from '../../../src/k8s/cluster/cluster-errors.js';
import { loadKubeconfig, type ClusterConnection } from '../../../src/k8s/cluster/kubeconfig.js';

async function dirWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-kubeconfig-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), typeof content === 'string' ? content : stringify(content));
  return dir;
}

const config = (context: string, server: string, user: Record<string, unknown>, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': context,
  clusters: [{ name: `${context}-cluster`, cluster: { server, 'certificate-authority': 'ca.pem' } }],
  users: [{ name: `${context}-user`, user }],
  contexts: [{ name: context, context: { cluster: `${context}-cluster`, user: `${context}-user`, ...(namespace ? { namespace } : {}) } }],
});

/** What client-node sends with each request for this connection: TLS material and headers. */
async function sent(c: ClusterConnection): Promise<{ ca?: Buffer; cert?: Buffer | string; key?: Buffer | string; headers?: Record<string, string> }> {
  const options: Record<string, unknown> = {};
  await c.kubeConfig.applyToHTTPSOptions(options);
  return options;
}

describe('the kubeconfig', () => {
  it('takes the current context of the first KUBECONFIG file, and files relative to it', async () => {
    const dir = await dirWith({ 'a.yaml': config('ci', 'https://eks.example.com/', { token: 't1' }, 'team'), 'b.yaml': config('dev', 'https://dev:6443', { token: 't2' }), 'ca.pem': 'CA' });
    const c = await loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'a.yaml'), join(dir, 'b.yaml')].join(delimiter) } });
    expect(c).toMatchObject({ context: 'ci', server: 'https://eks.example.com', namespace: 'team' });
    expect(c.kubeConfig.getCurrentCluster()).toMatchObject({ server: 'https://eks.example.com', skipTLSVerify: false });
    const ci = await sent(c);
    expect([ci.headers?.Authorization, ci.ca?.toString()]).toEqual(['Bearer t1', 'CA']);
    const dev = await loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'a.yaml'), join(dir, 'b.yaml')].join(delimiter) }, context: 'dev' });
    expect(dev).toMatchObject({ server: 'https://dev:6443' });
    expect((await sent(dev)).headers?.Authorization).toBe('Bearer t2');
  });

  it('reads client certificates given inline', async () => {
    const dir = await dirWith({ config: config('kind', 'https://127.0.0.1:6443', { 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') }), 'ca.pem': 'CA' });
    const c = await sent(await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } }));
    expect([c.cert?.toString(), c.key?.toString()]).toEqual(['CERT', 'KEY']);
  });

  it('keeps an exec credential plugin for later, with its directory', async () => {
    const dir = await dirWith({ config: config('eks', 'https://x', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'c'] } }), 'ca.pem': '' });
    const exec = (await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } })).kubeConfig.getCurrentUser()?.exec as { command: string; args: string[]; env: { name: string; value: string }[] };
    expect(exec).toMatchObject({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'c'] });
    // kubectl tells the plugin which cluster it logs in to.
    expect(JSON.parse(exec.env.find((e) => e.name === 'KUBERNETES_EXEC_INFO')!.value)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://x' } },
    });
    // A command with a slash is relative to the kubeconfig's directory, as in kubectl.
    const local = await dirWith({ config: config('eks', 'https://x', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/token' } }), 'ca.pem': '' });
    expect(((await loadKubeconfig({ env: { KUBECONFIG: join(local, 'config') } })).kubeConfig.getCurrentUser()?.exec as { command: string }).command).toBe(join(local, 'bin', 'token'));
  });

  it('uses the pod\'s service account when there is no kubeconfig inside a cluster (a CI runner pod)', async () => {
    const sa = await dirWith({ token: 'sa-token', 'ca.crt': 'CLUSTER-CA', namespace: 'ci\n' });
    const c = await loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, home: sa, serviceAccountDirectory: sa });
    expect(c).toMatchObject({ context: 'in-cluster', server: 'https://10.96.0.1:443', namespace: 'ci' });
    const pod = await sent(c);
    expect([pod.headers?.Authorization, pod.ca?.toString()]).toEqual(['Bearer sa-token', 'CLUSTER-CA']);
  });

  it('says what is missing: no kubeconfig, no such context, a removed auth-provider', async () => {
    const empty = await dirWith({});
    await expect(loadKubeconfig({ env: {}, home: empty })).rejects.toThrow(KubeconfigNotFoundError);
    const dir = await dirWith({ config: config('a', 'https://x', { 'auth-provider': { name: 'gcp' } }), 'ca.pem': '' });
    await expect(loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') }, context: 'nope' })).rejects.toThrow(/no context nope/);
    await expect(loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } })).rejects.toThrow(UsageError);
  });

  it('says where a kubeconfig that is not YAML is broken, as a config error', async () => {
    const dir = await dirWith({ config: 'apiVersion: v1\nclusters: [\n  - name: a\n' });
    const err = await loadKubeconfig({ env: { KUBECONFIG: join(dir, 'config') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatchObject({ message: expect.stringContaining(`kubeconfig ${join(dir, 'config')} cannot be read`), position: { file: join(dir, 'config') } });
  });
});
