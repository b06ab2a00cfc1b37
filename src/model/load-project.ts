/**
 * Loads a project as Compose does: find the files, read `.env`, interpolate, merge,
 * validate, then turn the result into the typed model. Any problem in any file is
 * reported together, each with file:line:col, before anything touches the engine.
 */
import { access } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { composeFileFromEnv, composeFileFromEnvFiles, discoverComposeFiles, resolveComposeFiles } from '../config/discovery.js';
import { checkpoint } from '../config/checkpoint.js';
import { readEnvFiles } from '../config/env-file.js';
import { lookupIn } from '../config/interpolate.js';
import { loadComposeFiles } from '../config/load-compose.js';
import { Diagnostics } from './diagnostics.js';
import type { NormalizeContext } from './normalize-context.js';
import { normalizeFileObjects, normalizeNetworks, normalizeVolumes } from './normalize-resources.js';
import { normalizeService } from './normalize-service.js';
import { enabledProfiles, isActive } from './profiles.js';
import { chooseProjectName } from './project-name.js';
import type { ConfigWarning, FileObject, Project, Service } from './project.js';
import type { SecretSource } from './x-testbed.js';
import { checkReferences } from './references.js';
import { checkJobGraph, checkSecretEnvironment, jobs, kubernetesSettings, secretSources, testDeclarations } from './normalize-testbed.js';

function placeholders(sources: Record<string, SecretSource>): Record<string, FileObject> {
  return Object.fromEntries(Object.keys(sources).map((name) => [name, { name, external: false, template: false }]));
}

export interface LoadOptions {
  /** Compose files in merge order (-f); default: discovered from cwd, or COMPOSE_FILE. */
  files?: string[] | undefined;
  /** Where relative paths resolve; default: the first file's directory. */
  projectDirectory?: string | undefined;
  /** Env files for interpolation; default: `.env` in the project directory, if present. */
  envFiles?: string[] | undefined;
  /** Profiles to enable; default (when undefined): COMPOSE_PROFILES. An empty list enables none. */
  profiles?: string[] | undefined;
  /** Overrides the file's `name:`. */
  projectName?: string | undefined;
  /** Default: process.cwd(). */
  cwd?: string | undefined;
  /** Variables for interpolation; default: process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** Ctrl-C: loading stops between steps with InterruptedError. */
  signal?: AbortSignal | undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function loadProject(options: LoadOptions = {}): Promise<Project> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') ? path : rel;
  };

  // Without -f, Compose starts from --project-directory, and takes COMPOSE_FILE from the environment or that directory's .env.
  const start = options.projectDirectory ? resolve(cwd, options.projectDirectory) : cwd;
  const settingsFiles = options.envFiles?.map((f) => resolve(cwd, f)) ?? [join(start, '.env')];
  const given =
    options.files && options.files.length > 0
      ? options.files
      : (composeFileFromEnv(env) ?? (await composeFileFromEnvFiles(settingsFiles, start, env)));
  const discovered = given ? { files: await resolveComposeFiles(given, cwd), warnings: [] } : await discoverComposeFiles(start);
  const files = discovered.files;
  const directory = options.projectDirectory ? resolve(cwd, options.projectDirectory) : dirname(files[0]!);

  // .env holds variables for interpolation (and COMPOSE_* settings); the real environment wins.
  const envFiles = options.envFiles?.map((f) => resolve(cwd, f)) ?? ((await exists(join(directory, '.env'))) ? [join(directory, '.env')] : []);
  const fromFiles = await readEnvFiles(envFiles.map((path) => ({ path, display: display(path) })), lookupIn(env));
  if (fromFiles.issues.length > 0) throw new ConfigError(fromFiles.issues, { hint: 'Fix the env file, or name another with --env-file.' });
  const lookup = lookupIn(env, fromFiles.values);

  const loaded = await loadComposeFiles(files.map((path) => ({ path, display: display(path) })), lookup, { signal: options.signal, display });
  const { compose, tree } = loaded;
  const diagnostics = new Diagnostics(tree);
  const ctx: NormalizeContext = { directory, cwd, lookup, diagnostics };
  const home = lookup('HOME');
  if (home) ctx.home = home;

  const chosen = chooseProjectName({ option: options.projectName, file: compose.name, environment: lookup('COMPOSE_PROJECT_NAME'), directory });
  if (chosen.name === '') {
    throw new ConfigError([{ message: `project name "${chosen.given}" (from the ${chosen.source}) has no letters or digits left after making it DNS-safe` }], {
      hint: 'Give a project name with -p NAME or a top-level name: in the file.',
    });
  }
  if (chosen.name !== chosen.given && chosen.source !== 'directory') {
    diagnostics.warn(['name'], `project name "${chosen.given}" is used as "${chosen.name}" (lowercase letters, digits, "_" and "-")`);
  }

  await checkpoint(options.signal);
  const profiles = enabledProfiles(options.profiles, lookup('COMPOSE_PROFILES'));
  const services: Record<string, Service> = {};
  const inactiveServices: string[] = [];
  const allServices = new Set(Object.keys(compose.services ?? {}));
  if (allServices.size === 0) {
    const files = loaded.tree.entries.size === 0 ? 'the Compose file is empty' : 'no service is defined';
    diagnostics.keyError(['services'], `${files}; a set needs at least one, e.g. services: { web: { image: nginx } }`);
  }
  for (const [name, raw] of Object.entries(compose.services ?? {})) {
    if (!isActive(raw.profiles, profiles)) {
      inactiveServices.push(name);
      continue;
    }
    services[name] = await normalizeService(name, raw, ctx);
  }
  const declared = {
    networks: normalizeNetworks(compose.networks, ctx),
    volumes: normalizeVolumes(compose.volumes, ctx),
    configs: normalizeFileObjects('configs', compose.configs, ctx),
    secrets: normalizeFileObjects('secrets', compose.secrets, ctx),
  };
  // Service secrets may also name x-testbed secrets, which have no top-level Compose entry.
  const sources = await secretSources(compose, ctx);
  checkReferences(services, { ...declared, secrets: { ...placeholders(sources), ...declared.secrets } }, allServices, diagnostics);
  checkSecretEnvironment(services, new Set([...Object.keys(sources), ...Object.keys(declared.secrets)]), ctx);
  const variables = definedOnly({ ...fromFiles.values, ...env });
  const projectJobs = jobs(compose, { directory, services, inactiveServices, variables }, ctx);
  checkJobGraph(services, projectJobs, ctx);
  diagnostics.throwIfErrors(loaded.warnings);

  // Compose's implicit default network, made only when some service uses it.
  if (!declared.networks.default && Object.values(services).some((s) => s.networks.default)) {
    declared.networks.default = { name: 'default', internal: false, external: false, labels: {}, enableIpv6: false };
  }

  const warnings: ConfigWarning[] = [...discovered.warnings, ...loaded.warnings, ...diagnostics.warnings];
  const extensions = Object.fromEntries(Object.entries(compose).filter(([key]) => key.startsWith('x-') && key !== 'x-testbed'));
  return {
    name: chosen.name,
    directory,
    files,
    envFiles,
    profiles,
    services,
    inactiveServices,
    ...declared,
    variables,
    values: compose['x-testbed']?.values ?? {},
    secretSources: sources,
    jobs: projectJobs,
    tests: testDeclarations(compose),
    kubernetes: kubernetesSettings(compose),
    ...(compose['x-testbed'] ? { xTestbed: compose['x-testbed'] } : {}),
    extensions,
    warnings,
  };
}

function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}
