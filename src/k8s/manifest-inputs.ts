/**
 * What rendering a set for a cluster reads besides the typed project: the values of every secret
 * source (set-config/secret-sources.ts reads the files Compose secrets name), and the tests.
 */
import { ConfigError } from '../common/errors.js';
import type { Project, Service } from '../model/project.js';
import type { SecretSource } from '../model/x-testbed.js';
import { loadTests, type TestDefinition } from '../model/testbed-tests.js';
import { setSecretSources } from '../set-config/secret-sources.js';
import type { RenderWarning } from './render-warnings.js';

export type { TestDefinition, TextExpectation } from '../model/testbed-tests.js';

export interface ManifestInputs {
  /** Every secret a set has: Testbed's own and the Compose secrets with a file, content or variable. */
  secrets: Record<string, SecretSource>;
  tests: TestDefinition[];
  /** Problems that did not stop reading (tests that could not be loaded for a render). */
  warnings: RenderWarning[];
}

/**
 * `tests: 'optional'` (render, apply, chart): tests that cannot be loaded, say because a profile
 * leaves out a service they use, are reported and left out instead of stopping the command.
 */
export async function readManifestInputs(project: Project, { tests = 'optional' }: { tests?: 'optional' | 'required' } = {}): Promise<ManifestInputs> {
  const warnings: RenderWarning[] = [];
  const suite = await loadTests(project).catch((err: unknown) => {
    if (tests === 'required' || !(err instanceof ConfigError)) throw err;
    warnings.push({ path: 'x-testbed.tests', message: `left out: ${err.message.replace(/\n\s*/g, '; ')}` });
    return { tests: [] };
  });
  return { secrets: await setSecretSources(project), tests: suite.tests, warnings };
}

/** A service runs under an arbitrary UID when it says so, or when the project's kubernetes settings do. */
export function runsAsArbitraryUid(project: Project, service: Service): boolean {
  return service.arbitraryUid ?? project.kubernetes.arbitraryUid;
}
