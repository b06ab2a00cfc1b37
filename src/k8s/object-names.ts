/**
 * Kubernetes object names. Compose keys allow characters that Kubernetes names do not
 * (`db_1`, `Web`), so every name goes through these, and long names keep a hash suffix so
 * that two different keys never end up with the same name.
 */
import { createHash } from 'node:crypto';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** An RFC 1123 label: lowercase letters, digits and '-', alphanumeric at both ends, at most `max` characters. */
export function dnsLabel(text: string, max = 63): string {
  let label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (label === '') label = `x-${shortHash(text)}`;
  if (label.length > max) label = `${label.slice(0, max - 9).replace(/-+$/, '')}-${shortHash(text)}`;
  return label;
}

/** An RFC 1035 label (what Service names must be): a DNS label that starts with a letter. */
export function serviceName(text: string): string {
  const label = dnsLabel(text);
  return /^[a-z]/.test(label) ? label : dnsLabel(`s-${label}`);
}

/** One namespace per set; the project is part of it so that two projects' `demo` sets never meet. */
export function namespaceName(project: string, set: string): string {
  return dnsLabel(`${project}-${set}`);
}

export const objectName = {
  config: (name: string) => dnsLabel(`config-${name}`),
  secret: (name: string) => dnsLabel(`secret-${name}`),
  /** A named volume shared by several services: one claim that they all mount. */
  sharedVolume: (name: string) => dnsLabel(`volume-${name}`),
  /** A volume claim template of a StatefulSet (Kubernetes appends -<statefulset>-<ordinal>). */
  claimTemplate: (name: string) => dnsLabel(name, 40),
  job: (name: string, hash: string) => dnsLabel(`job-${name}`, 52 - hash.length) + `-${hash}`,
  cronJob: (name: string) => dnsLabel(`cron-${name}`, 52),
  test: (name: string, run: string) => dnsLabel(`test-${name}`, 62 - run.length) + `-${run}`,
  jobEnvironment: (name: string) => dnsLabel(`job-env-${name}`),
} as const;

/** A label value: at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends (empty is allowed). */
export function labelValue(text: string): string {
  let value = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (value.length > 63) value = `${value.slice(0, 54).replace(/[^A-Za-z0-9]+$/, '')}-${shortHash(text)}`;
  return value;
}

export { shortHash };
