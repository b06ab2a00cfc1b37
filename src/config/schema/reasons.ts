/** Why Testbed does not act on some Compose keys: one sentence each, shared by the schema files. */

export const SWARM = 'it configures Docker Swarm services, and a set runs plain containers';
export const WINDOWS = 'it applies to Windows containers only';
export const BUILDKIT = 'it needs BuildKit, and Testbed builds through the Engine API\'s classic builder';

/** A setting that came with a later Engine API than the 1.41 (Docker 20.10) Testbed speaks. */
export function newerApi(version: string): string {
  return `the Engine API Testbed speaks (1.41, Docker 20.10) has no such setting; it came with API ${version}`;
}
