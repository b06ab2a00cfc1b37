/**
 * Registry credentials the way the docker CLI finds them: $DOCKER_CONFIG/config.json (else
 * ~/.docker/config.json), `auths` entries, and credential helpers (`credHelpers` per registry,
 * `credsStore` for all) run as docker-credential-<name> get. The engine's registry client
 * takes them with each push or pull; nothing is cached or written.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../common/errors.js';
import type { RegistryAuth } from './engine.js';

/** Docker Hub's key in config.json, for references without a registry host. */
const DOCKER_HUB = 'https://index.docker.io/v1/';

export interface AuthLookupOptions {
  env?: Record<string, string | undefined>;
  home?: string;
  /** Runs a credential helper: `docker-credential-<helper> get` with the registry on stdin. */
  runHelper?: (helper: string, registry: string) => Promise<string>;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The registry host of an image reference ("docker.io" when it names none). */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = ref.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** Credentials for the reference's registry, or undefined when config.json has none. */
export async function registryAuth(ref: string, options: AuthLookupOptions = {}): Promise<RegistryAuth | undefined> {
  const env = options.env ?? process.env;
  const configDir = env.DOCKER_CONFIG || join(options.home ?? env.HOME ?? homedir(), '.docker');
  const file = join(configDir, 'config.json');
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as DockerConfig;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read registry credentials from ${file}: ${(err as Error).message}`, {
      hint: 'Fix or remove the file (docker login writes it), or set DOCKER_CONFIG to another folder.',
    });
  }
  const registry = registryOf(ref);
  const key = registry === 'docker.io' ? DOCKER_HUB : registry;
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = await helperAuth(helper, key, options.runHelper ?? runCredentialHelper);
    if (fromHelper) return fromHelper;
  }
  const entry = findEntry(config.auths ?? {}, registry);
  if (!entry) return undefined;
  if (entry.identitytoken) return { serveraddress: key, identitytoken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new UsageError(`the credentials for ${registry} in ${file} are not user:password`);
    return { serveraddress: key, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username) return { serveraddress: key, username: entry.username, password: entry.password ?? '' };
  return undefined;
}

/** Keys may be written "host:5000", "https://host:5000" or "https://host:5000/v1/". */
function findEntry(auths: NonNullable<DockerConfig['auths']>, registry: string): NonNullable<DockerConfig['auths']>[string] | undefined {
  const hostOf = (key: string) => key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const wanted = registry === 'docker.io' ? 'index.docker.io' : registry;
  const key = Object.keys(auths).find((k) => hostOf(k) === wanted || (registry === 'docker.io' && hostOf(k) === 'docker.io'));
  return key === undefined ? undefined : auths[key];
}

async function helperAuth(
  helper: string,
  registry: string,
  run: (helper: string, registry: string) => Promise<string>,
): Promise<RegistryAuth | undefined> {
  let output: string;
  try {
    output = await run(helper, registry);
  } catch {
    // The helper knows nothing of this registry (it exits non-zero): fall back to `auths`.
    return undefined;
  }
  const parsed = JSON.parse(output) as { Username?: string; Secret?: string };
  if (!parsed.Secret) return undefined;
  // "<token>" is how helpers hand over an identity token instead of a user name.
  if (parsed.Username === '<token>') return { serveraddress: registry, identitytoken: parsed.Secret };
  return { serveraddress: registry, username: parsed.Username ?? '', password: parsed.Secret };
}

function runCredentialHelper(helper: string, registry: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin?.end(registry);
  });
}
