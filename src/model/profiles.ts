/** Compose profiles: a service that lists profiles runs only when one of them is enabled. */

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
