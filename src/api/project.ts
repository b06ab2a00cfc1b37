/** A project as loaded from its Compose files, and the canonical Compose file it prints as (`testbed config`). */
export { loadProject, type LoadOptions } from '../model/load-project.js';
export type { ConfigWarning, Project, Service } from '../model/project.js';
export type { Job } from '../model/x-testbed.js';
export { toCompose, toComposeYaml, type ComposeDocument } from '../model/to-compose.js';
