// Whether docker-compose (the peer the benches compare against) is installed.
import { execFileSync } from 'node:child_process';

export function hasCompose() {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
