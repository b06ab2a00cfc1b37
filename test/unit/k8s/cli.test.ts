/** The k8s verbs as a user types them: manifests and results on stdout, messages on stderr. */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { ROOT, typedDocuments } from './k8s-fixtures.js';

const QUICKSTART = join(ROOT, 'examples', 'quickstart', 'compose.yaml');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const code = await main(['node', 'testbed', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('testbed k8s', () => {
  it('render prints the set\'s objects on stdout, warnings and the withheld-secrets note on stderr', async () => {
    const { code, stdout, stderr } = await run('k8s', 'render', 'demo', '-f', QUICKSTART);
    expect(code).toBe(0);
    const objects = typedDocuments(stdout);
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'quickstart-demo' } });
    expect(stderr).toContain('warning: services.web.ports');
    expect(stderr).toContain('values of 1 Secret(s) withheld (secret-db-password)');
  });

  it('set-name names the set after a branch', async () => {
    const { code, stdout } = await run('k8s', 'set-name', '--branch', 'feature/Login_Page', '-f', QUICKSTART, '-q');
    expect([code, stdout]).toEqual([0, 'feature-login-page\n']);
  });

  it('chart writes a checked chart into the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-chart-cli-'));
    const { code, stderr } = await run('k8s', 'chart', dir, '-f', QUICKSTART);
    expect(code).toBe(0);
    expect(stderr).toContain('checked: with its default values, its objects are valid Kubernetes 1.33 objects');
    expect(await readdir(dir)).toContain('Chart.yaml');
  });

  it('apply without a kubeconfig says where it looked, with exit status 27 (cluster unreachable)', async () => {
    // Not in a pod either (a CI runner in a cluster would use its service account).
    vi.stubEnv('KUBECONFIG', join(tmpdir(), 'no-such-kubeconfig'));
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    const { code, stderr } = await run('k8s', 'apply', 'demo', '-f', QUICKSTART);
    vi.unstubAllEnvs();
    expect(code).toBe(27);
    expect(stderr).toContain('no kubeconfig found');
  });
});
