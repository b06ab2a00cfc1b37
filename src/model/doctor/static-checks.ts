/** Every static check, and running them on a project: pure, no engine. */
import { finding, type CheckInfo, type StaticCheck } from './check.js';
import { arbitraryUidKeys } from './checks/arbitrary-uid-keys.js';
import { bindMountedCode } from './checks/bind-mounted-code.js';
import { hardcodedAddresses } from './checks/hardcoded-addresses.js';
import { imageTags } from './checks/image-tags.js';
import { literalCredentials } from './checks/literal-credentials.js';
import { addedCapabilities, privileged, publishedAllInterfaces, writableRoot } from './checks/security-file.js';
import type { Finding } from './finding.js';
import type { StaticInput } from './static-input.js';

export const STATIC_CHECKS: readonly StaticCheck[] = [
  literalCredentials,
  hardcodedAddresses,
  imageTags,
  bindMountedCode,
  privileged,
  addedCapabilities,
  writableRoot,
  publishedAllInterfaces,
  arbitraryUidKeys,
];

/** `services`: only these (default all active services). A check that throws is reported, not fatal. */
export function runStaticChecks(input: StaticInput, services?: readonly string[]): Finding[] {
  const selected = Object.values(input.project.services).filter((s) => !services || services.includes(s.name));
  return STATIC_CHECKS.flatMap((check) =>
    selected.flatMap((service) => {
      try {
        return check.run(input, service);
      } catch (err) {
        return [unknownAfterError(check, service.name, err)];
      }
    }),
  );
}

export function unknownAfterError(check: CheckInfo, service: string | undefined, err: unknown): Finding {
  const message = err instanceof Error ? err.message : String(err);
  return finding(check, service, 'unknown', `the check could not run: ${message}`, 'Run again with -v; if it persists, report it.');
}
