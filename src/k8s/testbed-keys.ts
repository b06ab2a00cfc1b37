/**
 * Testbed's own keys (docs/x-testbed.md) as the Kubernetes renderer needs them, read from the
 * raw `x-testbed` blocks the model keeps. All of that parsing is in this one file, so that it
 * can switch to the shared typed parser (src/model/testbed-keys.ts) once that exists.
 * Problems are collected and thrown together, each with its path.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { commandLine } from '../model/normalize-service.js';
import type { FileObject, Project, Service } from '../model/project.js';
import { parseDurationMs } from './duration.js';

export type SecretAlphabet = 'alnum' | 'hex' | 'base64url' | { custom: string };

export type SecretSource =
  | { kind: 'generate'; length: number; alphabet: SecretAlphabet }
  | { kind: 'derive'; from: string; hash: 'sha256' | 'sha512' | 'bcrypt' }
  | { kind: 'environment'; variable: string }
  | { kind: 'file'; path: string }
  | { kind: 'content'; content: string };

/** Where a job or test runs: inside a service (exec), a new container of a service's image, or any image. */
export type RunTarget = { service: string } | { run: string } | { image: string };

export interface JobKeys {
  name: string;
  target: RunTarget;
  command?: string[];
  environment: Record<string, string>;
  user?: string;
  workingDir?: string;
  timeoutMs: number;
  when: 'after-start' | 'manual';
  schedule?: string;
  once: boolean;
  dependsOn: string[];
  mounts: string[];
}

export interface HttpCheck {
  service: string;
  port: number;
  path: string;
  status: number;
  body?: string;
}

export interface TextExpectation {
  contains?: string;
  notContains?: string;
  matches?: string;
}

export interface TestKeys {
  name: string;
  description?: string;
  http?: HttpCheck;
  target?: RunTarget;
  command?: string[];
  environment: Record<string, string>;
  expect: { exitCode: number; stdout?: TextExpectation; stderr?: TextExpectation; files: { service: string; path: string }[] };
  needs: string[];
  timeoutMs: number;
  mounts: string[];
}

/** Service-level keys. */
export interface ServiceKeys {
  /** OpenShift-style: run under whatever UID the platform assigns; writable paths group-0 writable. */
  arbitraryUid: boolean;
  /** Paths inside the image that the service writes to (besides its volumes). */
  writablePaths: string[];
  /** Also restart the container when its healthcheck fails (readiness is always derived). */
  livenessProbe: boolean;
  /** ENV_NAME -> secret name. */
  secretEnvironment: Record<string, string>;
}

/** Top-level `x-testbed.kubernetes`: cluster-only settings. */
export interface KubernetesKeys {
  storageClass?: string;
  volumeSizes: Record<string, string>;
  waitImage?: string;
  arbitraryUid: boolean;
}

export interface TestbedKeys {
  values: Record<string, unknown>;
  secrets: Record<string, SecretSource>;
  jobs: JobKeys[];
  tests: TestKeys[];
  services: Record<string, ServiceKeys>;
  kubernetes: KubernetesKeys;
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  readonly issues: ConfigIssue[] = [];
  fail(path: string, message: string): void {
    this.issues.push({ path, message: `${path}: ${message}` });
  }
  map(value: unknown, path: string): Raw {
    if (value === undefined || value === null) return {};
    if (isMap(value)) return value;
    this.fail(path, 'must be a mapping');
    return {};
  }
  string(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    this.fail(path, 'must be a string');
    return undefined;
  }
  strings(value: unknown, path: string): string[] {
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.fail(path, 'must be a list of strings');
    return [];
  }
  stringMap(value: unknown, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(value)) {
      for (const entry of value) {
        const text = String(entry);
        const eq = text.indexOf('=');
        if (eq > 0) out[text.slice(0, eq)] = text.slice(eq + 1);
        else this.fail(path, `entry "${text}" is not KEY=VALUE`);
      }
      return out;
    }
    for (const [k, v] of Object.entries(this.map(value, path))) out[k] = v === null ? '' : String(v);
    return out;
  }
  duration(value: unknown, path: string, fallbackMs: number): number {
    if (value === undefined) return fallbackMs;
    const ms = parseDurationMs(value);
    if (ms === undefined) this.fail(path, `"${String(value)}" is not a duration (examples: 90s, 5m, 1h30m)`);
    return ms ?? fallbackMs;
  }
  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(path, 'must be true or false');
    return fallback;
  }
}

function secretSource(r: Reader, raw: unknown, path: string, directory: string): SecretSource | undefined {
  const entry = r.map(raw, path);
  if (isMap(entry.generate) || entry.generate === true) {
    const g = isMap(entry.generate) ? entry.generate : {};
    const length = g.length === undefined ? 24 : Number(g.length);
    if (!Number.isInteger(length) || length < 1 || length > 4096) r.fail(`${path}.generate.length`, 'must be a whole number from 1 to 4096');
    const a = g.alphabet ?? 'alnum';
    const alphabet: SecretAlphabet = a === 'alnum' || a === 'hex' || a === 'base64url' ? a : { custom: String(a) };
    if (typeof alphabet === 'object' && alphabet.custom.length < 2) r.fail(`${path}.generate.alphabet`, 'needs at least two characters');
    return { kind: 'generate', length, alphabet };
  }
  if (isMap(entry.derive)) {
    const from = r.string(entry.derive.from, `${path}.derive.from`);
    const hash = entry.derive.hash ?? 'sha256';
    if (hash !== 'sha256' && hash !== 'sha512' && hash !== 'bcrypt') r.fail(`${path}.derive.hash`, 'must be sha256, sha512 or bcrypt');
    if (!from) r.fail(`${path}.derive.from`, 'names the secret to derive from');
    return { kind: 'derive', from: from ?? '', hash: hash as 'sha256' };
  }
  if (entry.environment !== undefined) return { kind: 'environment', variable: r.string(entry.environment, `${path}.environment`) ?? '' };
  if (entry.file !== undefined) return { kind: 'file', path: resolve(directory, r.string(entry.file, `${path}.file`) ?? '') };
  r.fail(path, 'needs one of generate, derive, environment or file');
  return undefined;
}

/** x-testbed.secrets, then top-level Compose secrets (whose own x-testbed may say generate/derive). */
function secrets(r: Reader, project: Project): Record<string, SecretSource> {
  const out: Record<string, SecretSource> = {};
  for (const [name, raw] of Object.entries(r.map(project.testbed.secrets, 'x-testbed.secrets'))) {
    const source = secretSource(r, raw, `x-testbed.secrets.${name}`, project.directory);
    if (source) out[name] = source;
  }
  for (const [name, entry] of Object.entries(project.secrets)) {
    if (out[name]) continue;
    const own = entry.testbed;
    if (isMap(own) && (own.generate !== undefined || own.derive !== undefined)) {
      const source = secretSource(r, own, `secrets.${name}.x-testbed`, project.directory);
      if (source) out[name] = source;
    } else if (entry.file) out[name] = { kind: 'file', path: entry.file };
    else if (entry.environment) out[name] = { kind: 'environment', variable: entry.environment };
    else if (entry.content !== undefined) out[name] = { kind: 'content', content: entry.content };
  }
  return out;
}

function runTarget(r: Reader, raw: Raw, path: string, required: boolean): RunTarget | undefined {
  const given = (['service', 'run', 'image'] as const).filter((k) => raw[k] !== undefined);
  if (given.length > 1) r.fail(path, `give one of service, run or image, not ${given.join(' and ')}`);
  const key = given[0];
  if (!key) {
    if (required) r.fail(path, 'needs service, run or image: where it runs');
    return undefined;
  }
  const value = r.string(raw[key], `${path}.${key}`) ?? '';
  return key === 'service' ? { service: value } : key === 'run' ? { run: value } : { image: value };
}

function command(raw: unknown): string[] | undefined {
  return raw === undefined ? undefined : commandLine(raw as string | string[]);
}

function job(r: Reader, name: string, value: unknown): JobKeys {
  const path = `x-testbed.jobs.${name}`;
  const raw = r.map(value, path);
  const target = runTarget(r, raw, path, true) ?? { image: '' };
  const when = raw.when ?? 'after-start';
  if (when !== 'after-start' && when !== 'manual') r.fail(`${path}.when`, 'must be after-start or manual');
  const out: JobKeys = {
    name,
    target,
    environment: r.stringMap(raw.environment, `${path}.environment`),
    timeoutMs: r.duration(raw.timeout, `${path}.timeout`, 600_000),
    when: when as JobKeys['when'],
    once: r.boolean(raw.once, `${path}.once`, true),
    dependsOn: r.strings(raw.depends_on, `${path}.depends_on`),
    mounts: r.strings(raw.mounts, `${path}.mounts`),
  };
  const cmd = command(raw.command);
  if (cmd) out.command = cmd;
  const user = r.string(raw.user, `${path}.user`);
  if (user) out.user = user;
  const workingDir = r.string(raw.working_dir, `${path}.working_dir`);
  if (workingDir) out.workingDir = workingDir;
  const schedule = r.string(raw.schedule, `${path}.schedule`);
  if (schedule) out.schedule = schedule;
  if (out.dependsOn.length === 0 && 'service' in target) out.dependsOn = [target.service];
  return out;
}

function expectation(r: Reader, value: unknown, path: string): TextExpectation | undefined {
  if (value === undefined) return undefined;
  const raw = r.map(value, path);
  const out: TextExpectation = {};
  if (raw.contains !== undefined) out.contains = String(raw.contains);
  if (raw.not_contains !== undefined) out.notContains = String(raw.not_contains);
  if (raw.matches !== undefined) out.matches = String(raw.matches);
  return out;
}

function test(r: Reader, name: string, value: unknown, where: string): TestKeys {
  const path = `${where}.${name}`;
  const raw = r.map(value, path);
  const expect = r.map(raw.expect, `${path}.expect`);
  const files = Array.isArray(expect.files) ? expect.files : [];
  const out: TestKeys = {
    name,
    environment: r.stringMap(raw.environment, `${path}.environment`),
    expect: {
      exitCode: expect.exit_code === undefined ? 0 : Number(expect.exit_code),
      files: files.map((f, i) => {
        const file = r.map(f, `${path}.expect.files[${i}]`);
        return { service: String(file.service ?? ''), path: String(file.path ?? '') };
      }),
    },
    needs: r.strings(raw.needs, `${path}.needs`),
    timeoutMs: r.duration(raw.timeout, `${path}.timeout`, 120_000),
    mounts: r.strings(raw.mounts, `${path}.mounts`),
  };
  const stdout = expectation(r, expect.stdout, `${path}.expect.stdout`);
  if (stdout) out.expect.stdout = stdout;
  const stderr = expectation(r, expect.stderr, `${path}.expect.stderr`);
  if (stderr) out.expect.stderr = stderr;
  if (raw.description !== undefined) out.description = String(raw.description);
  if (raw.http !== undefined) {
    const h = r.map(raw.http, `${path}.http`);
    const port = Number(h.port ?? 80);
    out.http = { service: String(h.service ?? ''), port, path: String(h.path ?? '/'), status: Number(h.status ?? 200) };
    if (h.body !== undefined) out.http.body = String(h.body);
    if (!h.service) r.fail(`${path}.http.service`, 'names the service to request');
  } else {
    const target = runTarget(r, raw, path, true);
    if (target) out.target = target;
    const cmd = command(raw.command);
    if (cmd) out.command = cmd;
  }
  return out;
}

async function includedTests(r: Reader, project: Project): Promise<[string, unknown, string][]> {
  const patterns = r.strings(project.testbed.include_tests, 'x-testbed.include_tests');
  if (patterns.length === 0) return [];
  const files = (await glob(patterns, { cwd: project.directory, absolute: true })).sort();
  const out: [string, unknown, string][] = [];
  for (const file of files) {
    const doc: unknown = parseYaml(await readFile(file, 'utf8'));
    const tests = isMap(doc) ? r.map(doc.tests, `${file}: tests`) : {};
    for (const [name, value] of Object.entries(tests)) out.push([name, value, `${file}: tests`]);
  }
  return out;
}

function serviceKeys(r: Reader, service: Service, defaults: KubernetesKeys): ServiceKeys {
  const path = `services.${service.name}.x-testbed`;
  const raw = r.map(service.testbed, path);
  return {
    arbitraryUid: r.boolean(raw.arbitrary_uid, `${path}.arbitrary_uid`, defaults.arbitraryUid),
    writablePaths: r.strings(raw.writable_paths, `${path}.writable_paths`),
    livenessProbe: r.boolean(raw.liveness_probe, `${path}.liveness_probe`, false),
    secretEnvironment: r.stringMap(raw.secret_environment, `${path}.secret_environment`),
  };
}

function kubernetesKeys(r: Reader, project: Project): KubernetesKeys {
  const raw = r.map(project.testbed.kubernetes, 'x-testbed.kubernetes');
  const out: KubernetesKeys = {
    volumeSizes: r.stringMap(raw.volume_sizes, 'x-testbed.kubernetes.volume_sizes'),
    arbitraryUid: r.boolean(raw.arbitrary_uid ?? project.testbed.arbitrary_uid, 'x-testbed.arbitrary_uid', false),
  };
  const storageClass = r.string(raw.storage_class, 'x-testbed.kubernetes.storage_class');
  if (storageClass) out.storageClass = storageClass;
  const waitImage = r.string(raw.wait_image, 'x-testbed.kubernetes.wait_image');
  if (waitImage) out.waitImage = waitImage;
  return out;
}

/** A Compose config is a template when its file ends in .tmpl/.liquid or it says x-testbed: { template: true }. */
export function isTemplate(config: FileObject): boolean {
  if (isMap(config.testbed) && config.testbed.template === true) return true;
  return config.file !== undefined && /\.(tmpl|liquid)$/.test(config.file);
}

export async function readTestbedKeys(project: Project): Promise<TestbedKeys> {
  const r = new Reader();
  const kubernetes = kubernetesKeys(r, project);
  const jobs = Object.entries(r.map(project.testbed.jobs, 'x-testbed.jobs')).map(([name, value]) => job(r, name, value));
  const testEntries: [string, unknown, string][] = [
    ...Object.entries(r.map(project.testbed.tests, 'x-testbed.tests')).map(([n, v]): [string, unknown, string] => [n, v, 'x-testbed.tests']),
    ...(await includedTests(r, project)),
  ];
  const keys: TestbedKeys = {
    values: r.map(project.testbed.values, 'x-testbed.values'),
    secrets: secrets(r, project),
    jobs,
    tests: testEntries.map(([name, value, where]) => test(r, name, value, where)),
    services: Object.fromEntries(Object.values(project.services).map((s) => [s.name, serviceKeys(r, s, kubernetes)])),
    kubernetes,
  };
  checkNames(r, project, keys);
  if (r.issues.length > 0) throw new ConfigError(r.issues, { hint: 'Fix the x-testbed keys (see docs/x-testbed.md), then run the command again.' });
  return keys;
}

function checkNames(r: Reader, project: Project, keys: TestbedKeys): void {
  const services = new Set(Object.keys(project.services));
  const jobNames = new Set(keys.jobs.map((j) => j.name));
  const testNames = new Set(keys.tests.map((t) => t.name));
  const serviceOf = (t: RunTarget | undefined) => (t && 'service' in t ? t.service : t && 'run' in t ? t.run : undefined);
  for (const j of keys.jobs) {
    const s = serviceOf(j.target);
    if (s !== undefined && !services.has(s)) r.fail(`x-testbed.jobs.${j.name}`, `runs in service ${s}, which is not an active service`);
    for (const d of j.dependsOn) if (!services.has(d) && !jobNames.has(d)) r.fail(`x-testbed.jobs.${j.name}.depends_on`, `names ${d}: no such service or job`);
  }
  for (const t of keys.tests) {
    const s = t.http?.service ?? serviceOf(t.target);
    if (s !== undefined && s !== '' && !services.has(s)) r.fail(`x-testbed.tests.${t.name}`, `uses service ${s}, which is not an active service`);
    for (const n of t.needs) if (!jobNames.has(n) && !testNames.has(n)) r.fail(`x-testbed.tests.${t.name}.needs`, `names ${n}: no such job or test`);
  }
  for (const [name, source] of Object.entries(keys.secrets)) {
    if (source.kind === 'derive' && source.from && !keys.secrets[source.from]) r.fail(`x-testbed.secrets.${name}.derive.from`, `names ${source.from}: no such secret`);
  }
  for (const [service, k] of Object.entries(keys.services)) {
    for (const [env, secret] of Object.entries(k.secretEnvironment)) {
      if (!keys.secrets[secret]) r.fail(`services.${service}.x-testbed.secret_environment.${env}`, `names ${secret}: no such secret`);
    }
  }
}
