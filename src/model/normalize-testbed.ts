/**
 * The typed parts of `x-testbed`: values, secret sources and jobs (see docs/x-testbed.md).
 * The schema already checked shapes; here names are resolved and cross-checked.
 */
import { isAbsolute, resolve } from 'node:path';
import { keyPositionAt } from '../config/config-tree.js';
import { readTextFile } from '../config/read-text.js';
import { asBoolean, asInteger } from '../config/schema/primitives.js';
import type { ComposeFile } from '../config/schema/compose.js';
import { normalizeCommandSpec } from './command-spec.js';
import { findCycle } from './find-cycle.js';
import { scheduleProblem } from './job-schedule.js';
import type { NormalizeContext } from './normalize-context.js';
import type { Project, Service } from './project.js';
import type { Job, KubernetesSettings, SecretSource, TestDeclarations } from './x-testbed.js';

type TestbedBlock = NonNullable<ComposeFile['x-testbed']>;
type GenerateInput = { length?: number | string | undefined; alphabet?: string | undefined };

export const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_SECRET_LENGTH = 24;

function generated(spec: GenerateInput): SecretSource {
  return { kind: 'generate', length: asInteger(spec.length) ?? DEFAULT_SECRET_LENGTH, alphabet: spec.alphabet ?? 'alnum' };
}

export async function secretSources(compose: ComposeFile, ctx: NormalizeContext): Promise<Record<string, SecretSource>> {
  const out: Record<string, SecretSource> = {};
  // Compose secrets marked generate/derive: the file stays valid Compose, Testbed makes the value.
  for (const [name, entry] of Object.entries(compose.secrets ?? {})) {
    const marks = entry['x-testbed'];
    if (marks?.generate) out[name] = generated(marks.generate);
    else if (marks?.derive) out[name] = { kind: 'derive', ...marks.derive };
  }
  for (const [name, spec] of Object.entries(compose['x-testbed']?.secrets ?? {})) {
    const at = ['x-testbed', 'secrets', name];
    if (out[name] || compose.secrets?.[name]) {
      ctx.diagnostics.keyError(at, `secret ${name} is also declared under the top-level secrets; keep one`);
      continue;
    }
    if (spec.generate) out[name] = generated(spec.generate);
    else if (spec.derive) out[name] = { kind: 'derive', ...spec.derive };
    else if (spec.environment !== undefined) {
      const value = ctx.lookup(spec.environment);
      if (value === undefined) ctx.diagnostics.error([...at, 'environment'], `the variable ${spec.environment} is not set; set it in the environment or in .env`);
      else out[name] = { kind: 'provided', from: `environment variable ${spec.environment}`, value };
    } else if (spec.file !== undefined) {
      const path = isAbsolute(spec.file) ? spec.file : resolve(ctx.directory, spec.file);
      try {
        out[name] = { kind: 'provided', from: `file ${spec.file}`, value: await readTextFile(path) };
      } catch {
        ctx.diagnostics.error([...at, 'file'], `cannot read ${path}; create it or change the path`);
      }
    }
  }
  for (const [name, source] of Object.entries(out)) {
    if (source.kind !== 'derive') continue;
    const known = out[source.from] ?? compose.secrets?.[source.from];
    if (!known) ctx.diagnostics.error(['x-testbed', 'secrets', name, 'derive', 'from'], `secret ${source.from} is not declared`);
    if (source.from === name) ctx.diagnostics.error(['x-testbed', 'secrets', name, 'derive', 'from'], 'a secret cannot be derived from itself');
  }
  return out;
}

export function testDeclarations(compose: ComposeFile): TestDeclarations {
  const block = compose['x-testbed'];
  const include = block?.include_tests;
  return { inline: block?.tests ?? {}, include: include === undefined ? [] : typeof include === 'string' ? [include] : include };
}

export function kubernetesSettings(compose: ComposeFile): KubernetesSettings {
  const k = compose['x-testbed']?.kubernetes;
  const out: KubernetesSettings = { volumeSizes: k?.volume_sizes ?? {}, arbitraryUid: asBoolean(k?.arbitrary_uid, false) };
  if (k?.storage_class !== undefined) out.storageClass = k.storage_class;
  if (k?.wait_image !== undefined) out.waitImage = k.wait_image;
  if (k?.kubectl_image !== undefined) out.kubectlImage = k.kubectl_image;
  return out;
}

export function jobs(
  compose: ComposeFile,
  project: Pick<Project, 'directory' | 'services' | 'inactiveServices' | 'variables'>,
  ctx: NormalizeContext,
): Record<string, Job> {
  const out: Record<string, Job> = {};
  const declared = compose['x-testbed']?.jobs ?? {};
  for (const [name, input] of Object.entries(declared)) {
    const path = ['x-testbed', 'jobs', name];
    const spec = normalizeCommandSpec(input, path, project, ctx.diagnostics);
    if (!spec) continue;
    const dependsOn = input.depends_on ?? (spec.target.kind === 'exec' ? [spec.target.service] : []);
    (input.depends_on ?? []).forEach((dep, index) => {
      if (!project.services[dep] && !project.inactiveServices.includes(dep) && !declared[dep]) {
        ctx.diagnostics.error([...path, 'depends_on', index], `${dep} is neither a service nor a job`);
      } else if (declared[dep]?.schedule !== undefined && input.schedule === undefined && input.when !== 'manual') {
        ctx.diagnostics.error([...path, 'depends_on', index], `job ${dep} runs on a schedule, so up would never run it before this one; run it with testbed run, or remove its schedule`);
      }
    });
    const inactive = spec.inactiveService ?? dependsOn.find((dep) => project.inactiveServices.includes(dep));
    const job: Job = {
      name,
      ...spec,
      timeoutMs: spec.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
      when: input.when ?? 'after-start',
      once: asBoolean(input.once, false),
      dependsOn,
      ...(inactive ? { inactiveService: inactive } : {}),
    };
    if (input.description !== undefined) job.description = input.description;
    if (input.schedule !== undefined) {
      const problem = scheduleProblem(input.schedule);
      if (problem) ctx.diagnostics.error([...path, 'schedule'], problem);
      job.schedule = input.schedule;
    }
    const position = keyPositionAt(ctx.diagnostics.tree, path);
    if (position) job.position = position;
    out[name] = job;
  }
  // A job that waits for a job left out by a profile is left out too (each job visited once).
  const waiting = new Map<string, Job[]>();
  for (const job of Object.values(out)) {
    for (const dep of job.dependsOn) {
      const list = waiting.get(dep) ?? [];
      list.push(job);
      waiting.set(dep, list);
    }
  }
  const blocked = Object.values(out).filter((job) => job.inactiveService);
  while (blocked.length > 0) {
    const job = blocked.pop()!;
    for (const next of waiting.get(job.name) ?? []) {
      if (next.inactiveService) continue;
      next.inactiveService = job.inactiveService!;
      blocked.push(next);
    }
  }
  return out;
}

export function checkSecretEnvironment(services: Record<string, Service>, known: Set<string>, ctx: NormalizeContext): void {
  for (const service of Object.values(services)) {
    for (const [variable, secret] of Object.entries(service.secretEnvironment)) {
      if (!known.has(secret)) {
        ctx.diagnostics.error(['services', service.name, 'x-testbed', 'secret_environment', variable], `secret ${secret} is not declared in x-testbed.secrets or the top-level secrets`);
      }
    }
  }
}

/**
 * Services may wait for jobs (`after_jobs`) and jobs for services and jobs (`depends_on`):
 * every name must exist, a service can only wait for an after-start job, and the whole graph
 * must have an order.
 */
export function checkJobGraph(services: Record<string, Service>, jobsByName: Record<string, Job>, ctx: NormalizeContext): void {
  for (const service of Object.values(services)) {
    service.afterJobs.forEach((name, index) => {
      const path = ['services', service.name, 'x-testbed', 'after_jobs', index];
      const job = jobsByName[name];
      if (!job) ctx.diagnostics.error(path, `job ${name} is not declared under x-testbed.jobs`);
      else if (job.when === 'manual') ctx.diagnostics.error(path, `job ${name} is manual, so the service would never start; make it when: after-start`);
      else if (job.schedule) ctx.diagnostics.error(path, `job ${name} runs on a schedule, so the service would never start on Docker; remove its schedule or this entry`);
    });
  }
  const edges = (node: string): string[] => {
    const service = services[node];
    if (service) return [...Object.keys(service.dependsOn).filter((d) => services[d]), ...service.afterJobs.map((j) => `job:${j}`)];
    const job = jobsByName[node.slice(4)];
    return (job?.dependsOn ?? []).map((d) => (services[d] ? d : `job:${d}`));
  };
  const cycle = findCycle(Object.keys(jobsByName).map((j) => `job:${j}`), edges);
  if (cycle) {
    const first = cycle[0]!;
    ctx.diagnostics.error(first.startsWith('job:') ? ['x-testbed', 'jobs', first.slice(4)] : ['services', first], `jobs and services wait for each other in a loop: ${cycle.join(' -> ')}`);
  }
}
