/**
 * Testbed's own keys (docs/x-testbed.md) as the Kubernetes renderer reads them. The shared
 * parts come typed from the model (values, secrets, jobs, tests, secret_environment, templates);
 * the few keys that only matter in a cluster are read here, from the raw `x-testbed` blocks:
 *
 *   services.NAME.x-testbed: arbitrary_uid, writable_paths, liveness_probe
 *   x-testbed.kubernetes:    storage_class, volume_sizes, wait_image, kubectl_image
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import type { RenderWarning } from './render-warnings.js';
import type { Job, Project, SecretSource, Service } from '../model/project.js';
import { loadTests, type TestDefinition } from '../model/testbed-tests.js';

export type { Job, RunTarget, SecretSource } from '../model/project.js';
export type { TestDefinition, TextExpectation } from '../model/testbed-tests.js';

/** Service keys that only a cluster needs. */
export interface ServiceKeys {
  /** OpenShift-style: run under whatever UID the platform assigns; writable paths group-0 writable. */
  arbitraryUid: boolean;
  /** Paths inside the image that the service writes to (besides its volumes), for arbitrary_uid. */
  writablePaths: string[];
  /** Also restart the container when its healthcheck fails (readiness always follows it). */
  livenessProbe: boolean;
  /** ENV_NAME -> secret name. */
  secretEnvironment: Record<string, string>;
  /** Jobs that must have succeeded before the service starts. */
  afterJobs: string[];
}

/** `x-testbed.kubernetes`. */
export interface KubernetesKeys {
  storageClass?: string;
  volumeSizes: Record<string, string>;
  waitImage?: string;
  kubectlImage?: string;
  arbitraryUid: boolean;
}

export interface TestbedKeys {
  values: Record<string, unknown>;
  /** Every secret a set has: Testbed's own and the Compose secrets with a file, content or variable. */
  secrets: Record<string, SecretSource>;
  jobs: Job[];
  tests: TestDefinition[];
  services: Record<string, ServiceKeys>;
  kubernetes: KubernetesKeys;
  /** Problems that did not stop reading (tests that could not be loaded for a render). */
  warnings: RenderWarning[];
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(value: unknown, path: string, issues: ConfigIssue[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  issues.push({ message: `${path}: must be a list of strings` });
  return [];
}

function flag(value: unknown, path: string, fallback: boolean, issues: ConfigIssue[]): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  issues.push({ message: `${path}: must be true or false` });
  return fallback;
}

function serviceKeys(service: Service, defaults: KubernetesKeys, issues: ConfigIssue[]): ServiceKeys {
  const path = `services.${service.name}.x-testbed`;
  const raw = isMap(service.testbed) ? service.testbed : {};
  return {
    arbitraryUid: flag(raw.arbitrary_uid, `${path}.arbitrary_uid`, defaults.arbitraryUid, issues),
    writablePaths: strings(raw.writable_paths, `${path}.writable_paths`, issues),
    livenessProbe: flag(raw.liveness_probe, `${path}.liveness_probe`, false, issues),
    secretEnvironment: service.secretEnvironment,
    afterJobs: service.afterJobs,
  };
}

function kubernetesKeys(project: Project, issues: ConfigIssue[]): KubernetesKeys {
  const raw = isMap(project.testbed.kubernetes) ? project.testbed.kubernetes : {};
  const sizes = isMap(raw.volume_sizes) ? Object.fromEntries(Object.entries(raw.volume_sizes).map(([k, v]) => [k, String(v)])) : {};
  const out: KubernetesKeys = { volumeSizes: sizes, arbitraryUid: flag(raw.arbitrary_uid, 'x-testbed.kubernetes.arbitrary_uid', false, issues) };
  for (const [key, field] of [['storage_class', 'storageClass'], ['wait_image', 'waitImage'], ['kubectl_image', 'kubectlImage']] as const) {
    if (typeof raw[key] === 'string') out[field] = raw[key];
    else if (raw[key] !== undefined) issues.push({ message: `x-testbed.kubernetes.${key}: must be a string` });
  }
  return out;
}

/** Compose secrets that Testbed does not make: their value, read now (as `up` reads them). */
async function composeSecrets(project: Project, issues: ConfigIssue[]): Promise<Record<string, SecretSource>> {
  const out: Record<string, SecretSource> = {};
  for (const [name, entry] of Object.entries(project.secrets)) {
    if (project.secretSources[name] || entry.external) continue;
    if (entry.file) {
      try {
        out[name] = { kind: 'provided', from: `file ${entry.file}`, value: await readFile(entry.file, 'utf8') };
      } catch (err) {
        issues.push({ message: `secrets.${name}: cannot read ${entry.file}: ${(err as Error).message}` });
      }
    } else if (entry.value !== undefined) out[name] = { kind: 'provided', from: `environment variable ${entry.environment}`, value: entry.value };
    else if (entry.content !== undefined) out[name] = { kind: 'provided', from: 'content', value: entry.content };
  }
  return out;
}

/**
 * `tests: 'optional'` (render, apply, chart): tests that cannot be loaded, say because a profile
 * leaves out a service they use, are reported and left out instead of stopping the command.
 */
export async function readTestbedKeys(project: Project, { tests = 'optional' }: { tests?: 'optional' | 'required' } = {}): Promise<TestbedKeys> {
  const issues: ConfigIssue[] = [];
  const warnings: RenderWarning[] = [];
  const kubernetes = kubernetesKeys(project, issues);
  const suite = await loadTests(project).catch((err: unknown) => {
    if (tests === 'required' || !(err instanceof ConfigError)) throw err;
    warnings.push({ path: 'x-testbed.tests', message: `left out: ${err.message.replace(/\n\s*/g, '; ')}` });
    return { tests: [] };
  });
  const keys: TestbedKeys = {
    values: project.values,
    secrets: { ...(await composeSecrets(project, issues)), ...project.secretSources },
    jobs: Object.values(project.jobs),
    tests: suite.tests,
    services: Object.fromEntries(Object.values(project.services).map((s) => [s.name, serviceKeys(s, kubernetes, issues)])),
    kubernetes,
    warnings,
  };
  if (issues.length > 0) throw new ConfigError(issues, { hint: 'Fix the x-testbed keys (see docs/kubernetes.md), then run the command again.' });
  return keys;
}
