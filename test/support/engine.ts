/**
 * Integration tests need a real engine. Locally, without one, they are skipped with a
 * reason; with CI=true they fail, because a green run without the engine proves nothing.
 */
import { execFileSync } from 'node:child_process';

function engineAnswers(): boolean {
  const host = process.env.DOCKER_HOST;
  const socket = host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
  try {
    execFileSync('curl', ['-fsS', '--max-time', '3', '--unix-socket', socket, 'http://localhost/_ping'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

export const engineAvailable = engineAnswers();

if (!engineAvailable && process.env.CI === 'true') {
  throw new Error(
    'CI=true and no Docker engine answers: integration tests must not be skipped. Run bash scripts/engine-setup.sh first.',
  );
}

/** Use as describe.skipIf(skipWithoutEngine)(...) in integration tests. */
export const skipWithoutEngine = !engineAvailable;

/** A unique, DNS-safe name for a set or object made by one test. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
