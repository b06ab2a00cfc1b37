/** What every part of rendering a set's manifests reads: the project, its inputs, the options, and the warnings. */
import type { Project } from '../model/project.js';
import type { SecretSource } from '../model/x-testbed.js';
import type { ClusterTemplates } from './cluster-templates.js';
import type { FileObjects } from './file-objects.js';
import type { ManifestInputs } from './manifest-inputs.js';
import type { ResolvedManifestOptions } from './manifest-options.js';
import type { RenderWarnings } from './render-warnings.js';

/** A secret's value in the set's manifests, and where it comes from (a label on its Secret). */
export interface SecretValue {
  value: string;
  source: SecretSource['kind'];
}

export interface ManifestContext {
  project: Project;
  inputs: ManifestInputs;
  options: ResolvedManifestOptions;
  warnings: RenderWarnings;
  /** Labels on every object of the set. */
  labels: Record<string, string>;
  secrets: Record<string, SecretValue>;
  files: FileObjects;
  templates: ClusterTemplates;
  /** Named volume -> services that mount it. */
  volumeUsers: Map<string, string[]>;
}
