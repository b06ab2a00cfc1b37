/**
 * A real browser for the dashboard's tests: Debian's Chromium driven by playwright-core (no
 * browser download). Without it the tests are skipped with a reason; with CI=true they fail,
 * as engine tests do (scripts/browser-setup.sh installs it).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.TESTBED_CHROMIUM ?? '/usr/bin/chromium';

export const browserAvailable = existsSync(CHROMIUM);

if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true and no Chromium at ${CHROMIUM}: the dashboard's browser tests must not be skipped. Run bash scripts/browser-setup.sh first.`);
}
