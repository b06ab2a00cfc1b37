/**
 * What `testbed doctor` audits a stack against: the twelve-factor app's factors it can look at
 * (https://12factor.net), and two production concerns beside them. In report order.
 */
export const FACTORS = {
  config: { numeral: 'III', title: 'Config' },
  'backing-services': { numeral: 'IV', title: 'Backing services' },
  'build-release-run': { numeral: 'V', title: 'Build, release, run' },
  processes: { numeral: 'VI', title: 'Processes' },
  'port-binding': { numeral: 'VII', title: 'Port binding' },
  disposability: { numeral: 'IX', title: 'Disposability' },
  'dev-prod-parity': { numeral: 'X', title: 'Dev/prod parity' },
  logs: { numeral: 'XI', title: 'Logs' },
  'admin-processes': { numeral: 'XII', title: 'Admin processes' },
  security: { numeral: '', title: 'Security' },
  'arbitrary-uid': { numeral: '', title: 'Arbitrary UID (OpenShift)' },
} as const;

export type FactorId = keyof typeof FACTORS;

export const FACTOR_ORDER = Object.keys(FACTORS) as FactorId[];

/** "III Config", "Security". */
export function factorName(factor: FactorId): string {
  const { numeral, title } = FACTORS[factor];
  return numeral ? `${numeral} ${title}` : title;
}
