/** The shape of a static check: pure, one service at a time. */
import type { Service } from '../project.js';
import type { FactorId } from './factors.js';
import type { Finding, FindingStatus } from './finding.js';
import type { StaticInput } from './static-input.js';

export interface CheckInfo {
  /** `factor-ish.name`, stable: CI configurations and docs/doctor.md name it. */
  id: string;
  factor: FactorId;
  /** One line: what it looks at. */
  title: string;
}

export interface StaticCheck extends CheckInfo {
  run(input: StaticInput, service: Service): Finding[];
}

/** A finding of this check for this service. */
export function finding(check: CheckInfo, service: string | undefined, status: FindingStatus, evidence: string, fix?: string): Finding {
  return { check: check.id, factor: check.factor, ...(service ? { service } : {}), status, evidence, ...(fix && status !== 'pass' ? { fix } : {}) };
}
