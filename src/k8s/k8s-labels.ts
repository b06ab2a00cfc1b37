/**
 * Labels and annotations on what Testbed puts in a cluster. The keys shared with Docker sets
 * come from plan/labels.ts, so `dev.testbed.set` means the same on both.
 */
import { LABEL } from '../plan/labels.js';
import { labelValue } from './object-names.js';

export const K8S_LABEL = {
  ...LABEL,
  /** Sanitised git branch the set was made for (`--set-from-branch`). */
  branch: 'dev.testbed.branch',
  /** Unix seconds when the set's namespace was first applied (kept by later applies). */
  createdAt: 'dev.testbed.created-at',
  /** What a job-like object runs: job, cron, test, wait. */
  role: 'dev.testbed.role',
  job: 'dev.testbed.job',
  testName: 'dev.testbed.test-name',
  /** On Secrets: where the value comes from (generate, derive, environment, file, template). */
  secretSource: 'dev.testbed.secret-source',
  managedBy: 'app.kubernetes.io/managed-by',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
} as const;

export const K8S_ANNOTATION = {
  /** ISO time of the last `testbed k8s apply` (what `gc --older-than` reads). */
  appliedAt: 'dev.testbed.applied-at',
  /** The branch as git names it, before sanitising. */
  branch: 'dev.testbed.branch-name',
  /** Order of after-start jobs, from 1. */
  order: 'dev.testbed.order',
  /** On a set's Secrets: the secret's name in the file. */
  secretName: 'dev.testbed.secret-name',
  /** On Secrets printed without their values. */
  withheld: 'dev.testbed.values-withheld',
} as const;

/** Labels every object of a set carries. */
export function setLabels(project: string, set: string): Record<string, string> {
  return {
    [K8S_LABEL.managed]: 'true',
    [K8S_LABEL.managedBy]: 'testbed',
    [K8S_LABEL.project]: labelValue(project),
    [K8S_LABEL.set]: labelValue(set),
  };
}

/** What a service's pods are selected by (stable: Deployment selectors cannot change). */
export function serviceSelector(set: string, service: string): Record<string, string> {
  return { [K8S_LABEL.set]: labelValue(set), [K8S_LABEL.service]: labelValue(service) };
}

export function labelSelectorText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
