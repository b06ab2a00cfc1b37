/**
 * Credentials from a kubeconfig exec plugin (aws eks get-token, gke-gcloud-auth-plugin,
 * kubelogin, ...): run it, read the ExecCredential it prints, keep it until it expires.
 */
import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { TestbedError } from '../../common/errors.js';
import type { ExecConfig } from './kubeconfig.js';

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expiresAt?: Date;
}

export type RunPlugin = (command: string, args: string[], env: Record<string, string | undefined>) => Promise<string>;

const runPlugin: RunPlugin = (command, args, env) =>
  new Promise((done, fail) => {
    execFile(command, args, { env, timeout: 60_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) fail(Object.assign(err, { stderr }));
      else done(stdout);
    });
  });

export class ExecCredentialSource {
  private cached?: ExecCredential;

  constructor(
    private readonly config: ExecConfig,
    private readonly server: string,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly run: RunPlugin = runPlugin,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(): Promise<ExecCredential> {
    if (this.cached && (!this.cached.expiresAt || this.cached.expiresAt.getTime() - 30_000 > this.now().getTime())) return this.cached;
    const { config } = this;
    // A command with a slash is relative to the kubeconfig's directory; a bare name is looked up in PATH.
    const command = config.command.includes('/') && !isAbsolute(config.command) ? resolve(config.directory, config.command) : config.command;
    const info = { apiVersion: config.apiVersion, kind: 'ExecCredential', spec: { interactive: false, cluster: { server: this.server } } };
    let stdout: string;
    try {
      stdout = await this.run(command, config.args, { ...this.env, ...config.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) });
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
      throw new TestbedError('ENGINE_UNREACHABLE', `the kubeconfig's credential plugin ${config.command} failed: ${stderr || (err as Error).message}`, {
        hint: `Run it yourself (${[config.command, ...config.args].join(' ')}) to see why; it is often a login that has expired.`,
        cause: err,
      });
    }
    const status = (JSON.parse(stdout) as { status?: Record<string, string> }).status ?? {};
    const credential: ExecCredential = {};
    if (status.token) credential.token = status.token;
    if (status.clientCertificateData) credential.clientCertificateData = status.clientCertificateData;
    if (status.clientKeyData) credential.clientKeyData = status.clientKeyData;
    if (status.expirationTimestamp) credential.expiresAt = new Date(status.expirationTimestamp);
    this.cached = credential;
    return credential;
  }
}
