/**
 * Testbed's own readiness probe runs the service's healthcheck test at once and then
 * backs off, while the engine runs it only every `interval`. So a service can be ready
 * while the engine still says "starting". The passed probe is recorded per container
 * start, so `status` can say healthy without waiting for the engine's next round.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { ContainerDetails } from '../engine/engine.js';
import type { SetFolder } from './set-folder.js';

const file = (folder: SetFolder, container: string) => folder.file('probes', container);

export async function recordProbePassed(folder: SetFolder, details: ContainerDetails): Promise<void> {
  if (!details.startedAt) return;
  await mkdir(folder.file('probes'), { recursive: true, mode: 0o700 });
  await writeFile(file(folder, details.name), details.startedAt.toISOString(), { mode: 0o600 });
}

/** The engine's health, or healthy when Testbed's probe passed since this container last started. */
export async function effectiveHealth(folder: SetFolder, details: ContainerDetails): Promise<ContainerDetails['health']> {
  if (details.health !== 'starting' || !details.startedAt) return details.health;
  const recorded = await readFile(file(folder, details.name), 'utf8').catch(() => undefined);
  return recorded === details.startedAt.toISOString() ? 'healthy' : details.health;
}
