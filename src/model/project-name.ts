/**
 * The project name, by Compose's precedence: -p, the file's top-level `name`,
 * COMPOSE_PROJECT_NAME, then the project directory's name. Compose's rule makes it
 * lowercase `[a-z0-9][a-z0-9_-]*`; anything else is dropped.
 */
import { basename } from 'node:path';

export interface ProjectNameSources {
  /** -p / LoadOptions.projectName */
  option?: string;
  /** top-level `name:` */
  file?: string;
  /** COMPOSE_PROJECT_NAME */
  environment?: string;
  directory: string;
}

export interface ChosenProjectName {
  /** Sanitised; empty when nothing usable was left. */
  name: string;
  /** What the user wrote, for messages. */
  given: string;
  source: 'option' | 'file' | 'environment' | 'directory';
}

export function sanitizeProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

export function chooseProjectName(sources: ProjectNameSources): ChosenProjectName {
  const candidates: [ChosenProjectName['source'], string | undefined][] = [
    ['option', sources.option],
    ['file', sources.file],
    ['environment', sources.environment],
    ['directory', basename(sources.directory)],
  ];
  const [source, given] = candidates.find(([, value]) => value !== undefined && value.trim() !== '') ?? ['directory', ''];
  return { name: sanitizeProjectName(given ?? ''), given: given ?? '', source };
}
