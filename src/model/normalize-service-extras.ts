/**
 * Smaller service keys read into the model: lifecycle hooks, label files, pull policy,
 * deploy.restart_policy, extra_hosts, and the build options beyond context/dockerfile/args.
 */
import { relative } from 'node:path';
import { parseEnvFile } from '../config/env-file.js';
import { readTextFile } from '../config/read-text.js';
import { asBoolean } from '../config/schema/primitives.js';
import type { ComposeService } from '../config/schema/service.js';
import { parseByteSize } from '../config/syntax/byte-size.js';
import { splitCommand } from './command-spec.js';
import { seccompFile, type LifecycleHook, type LifecycleHooks, type PullPolicy } from './container-options.js';
import { hostPath } from './host-path.js';
import { keyValueEntries } from './key-values.js';
import { ulimit } from './normalize-runtime.js';
import type { NormalizeContext } from './normalize-context.js';
import type { Build, Service } from './project.js';

type RawHook = NonNullable<ComposeService['post_start']>[number];

export function lifecycleHooks(raw: ComposeService): LifecycleHooks {
  return { postStart: (raw.post_start ?? []).map(hook), preStop: (raw.pre_stop ?? []).map(hook) };
}

function hook(raw: RawHook): LifecycleHook {
  const out: LifecycleHook = {
    command: typeof raw.command === 'string' ? splitCommand(raw.command) : raw.command.map(String),
    privileged: asBoolean(raw.privileged, false),
    environment: Object.fromEntries(keyValueEntries(raw.environment)),
  };
  if (raw.user !== undefined) out.user = String(raw.user);
  if (raw.working_dir !== undefined) out.workingDir = raw.working_dir;
  return out;
}

/** security_opt's seccomp profile files, each read and checked to be JSON (see ContainerOptions.seccompProfiles). */
export async function seccompProfiles(name: string, raw: ComposeService, ctx: NormalizeContext): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [index, option] of (raw.security_opt ?? []).entries()) {
    const file = seccompFile(option);
    if (file === undefined || out[file] !== undefined) continue;
    const where = ['services', name, 'security_opt', index];
    const path = hostPath(file, ctx);
    try {
      out[file] = JSON.stringify(JSON.parse(await readTextFile(path)));
    } catch (err) {
      const reason = err instanceof SyntaxError ? `is not a JSON seccomp profile (${err.message})` : `cannot be read (${(err as Error).message})`;
      ctx.diagnostics.error(where, `seccomp profile ${file} (${path}) ${reason}`);
    }
  }
  return out;
}

/** label_file: KEY=VALUE files, read like env files; `labels` wins over them. */
export async function labelFiles(name: string, raw: ComposeService, ctx: NormalizeContext): Promise<Record<string, string>> {
  const files = raw.label_file === undefined ? [] : typeof raw.label_file === 'string' ? [raw.label_file] : raw.label_file;
  const out: Record<string, string> = {};
  for (const [index, file] of files.entries()) {
    const path = hostPath(file, ctx);
    let content: string;
    try {
      content = await readTextFile(path);
    } catch (err) {
      const where = ['services', name, 'label_file', ...(typeof raw.label_file === 'string' ? [] : [index])];
      ctx.diagnostics.error(where, `cannot read ${file} (${path}): ${(err as Error).message}`);
      continue;
    }
    const shown = relative(ctx.cwd, path).startsWith('..') ? path : relative(ctx.cwd, path);
    const parsed = parseEnvFile(content, shown, () => undefined);
    ctx.diagnostics.issues.push(...parsed.issues);
    Object.assign(out, parsed.values);
  }
  return out;
}

/**
 * Testbed pulls an image only when it is missing (there is no registry to refresh from in a
 * test run): `always` and the schedules are taken as `missing`, with a warning.
 */
export function pullPolicyOf(name: string, raw: ComposeService, ctx: NormalizeContext): PullPolicy | undefined {
  const policy = raw.pull_policy;
  if (policy === undefined) return undefined;
  if (policy === 'missing' || policy === 'if_not_present') return 'missing';
  if (policy === 'never' || policy === 'build') return policy;
  ctx.diagnostics.warn(['services', name, 'pull_policy'], `"${policy}" is taken as "missing": Testbed pulls an image only when the engine does not have it`);
  return 'missing';
}

/** `restart`, else deploy.restart_policy (none -> no, on-failure[:max_attempts], any -> always). */
export function restartOf(raw: ComposeService): Service['restart'] {
  if (raw.restart !== undefined) return raw.restart as Service['restart'];
  const policy = raw.deploy?.restart_policy;
  if (!policy) return 'no';
  switch (policy.condition) {
    case 'none':
      return 'no';
    case 'on-failure':
      return policy.max_attempts === undefined ? 'on-failure' : `on-failure:${Number(policy.max_attempts)}`;
    default:
      return 'always';
  }
}

type RawBuild = Exclude<NonNullable<ComposeService['build']>, string>;

/** extra_hosts (of a service or a build) as host:ip entries; the `host=ip` form is Compose's too. */
export function extraHosts(value: ComposeService['extra_hosts']): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((entry) => entry.replace(/^([^:=]+)=/, '$1:'));
  return Object.entries(value).flatMap(([host, ips]) => (Array.isArray(ips) ? ips : [ips]).map((ip) => `${host}:${ip}`));
}

export function buildOptions(value: RawBuild): Partial<Build> {
  const out: Partial<Build> = {};
  if (value.target !== undefined) out.target = value.target;
  if (value.dockerfile_inline !== undefined) out.dockerfileInline = value.dockerfile_inline;
  if (value.no_cache !== undefined) out.noCache = asBoolean(value.no_cache, false);
  if (value.cache_from !== undefined) out.cacheFrom = value.cache_from;
  if (value.network !== undefined) out.network = value.network;
  if (value.pull !== undefined) out.pull = asBoolean(value.pull, false);
  if (value.shm_size !== undefined) {
    const size = parseByteSize(value.shm_size);
    if (size.ok) out.shmSizeBytes = size.value;
  }
  if (value.extra_hosts !== undefined) out.extraHosts = extraHosts(value.extra_hosts);
  if (value.tags !== undefined) out.tags = value.tags;
  if (value.ulimits !== undefined) out.ulimits = Object.entries(value.ulimits).map(([name, v]) => ulimit(name, v));
  return out;
}
