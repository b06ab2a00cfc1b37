/** Compose profiles: a service that lists profiles runs only when one of them is enabled. */
import { UsageError } from '../common/errors.js';
import { nameList } from './name-list.js';
import type { Project } from './project.js';

/**
 * --profile values, else COMPOSE_PROFILES (comma separated). A list given, even empty, wins: a
 * set replaying the profiles it was made with must not pick up COMPOSE_PROFILES from a `.env`.
 */
export function enabledProfiles(option: readonly string[] | undefined, composeProfiles: string | undefined): string[] {
  const given = option ?? (composeProfiles ?? '').split(',');
  return [...new Set(given.map((p) => p.trim()).filter((p) => p !== ''))];
}

/** A service without profiles is always active; "*" enables every profile. */
export function isActive(serviceProfiles: readonly string[] | undefined, enabled: readonly string[]): boolean {
  if (!serviceProfiles || serviceProfiles.length === 0) return true;
  return enabled.includes('*') || serviceProfiles.some((p) => enabled.includes(p));
}

/**
 * A set needs at least one service to run: like `docker compose up` ("no service selected"),
 * profiles that leave every service out are an error, not an empty set reported ready.
 * @throws UsageError
 */
export function requireSelectedServices(project: Pick<Project, 'name' | 'services' | 'inactiveServices' | 'profiles'>): void {
  if (Object.keys(project.services).length > 0) return;
  const enabled = project.profiles.length > 0 ? `enabled: ${project.profiles.join(', ')}` : 'none is enabled';
  throw new UsageError(
    `no service selected: every service of project ${project.name} (${nameList(project.inactiveServices)}) needs a profile that is not enabled (${enabled})`,
    { hint: 'Enable a profile with --profile NAME (or COMPOSE_PROFILES=NAME), or give a service no profiles:.' },
  );
}
