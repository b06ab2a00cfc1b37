/** What every part of a render reads: the project, its Testbed keys, the options, and the warnings. */
import type { Project } from '../model/project.js';
import type { FileObjects } from './file-objects.js';
import type { ResolvedOptions } from './manifest-options.js';
import type { RenderWarnings } from './render-warnings.js';
import type { SecretValue } from './chart/chart-secrets.js';
import type { TemplateRenderer } from './cluster-templates.js';
import type { TestbedKeys } from './manifest-inputs.js';

export interface RenderContext {
  project: Project;
  keys: TestbedKeys;
  options: ResolvedOptions;
  warnings: RenderWarnings;
  /** Labels on every object of the set. */
  labels: Record<string, string>;
  secrets: Record<string, SecretValue>;
  files: FileObjects;
  renderer: TemplateRenderer;
  /** Named volume -> services that mount it. */
  volumeUsers: Map<string, string[]>;
}
