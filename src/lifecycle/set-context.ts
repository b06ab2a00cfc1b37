/**
 * What every lifecycle operation works on: one set of one project on one engine.
 * The project is absent when a command works from labels alone (destroy, status, logs
 * of a set whose file is not at hand).
 */
import type { Engine } from '../engine/engine.js';
import type { Project } from '../model/project.js';
import { ConfigNotFoundError, NotFoundError } from '../common/errors.js';
import type { EventSink } from './events.js';
import { SetFolder } from './set-folder.js';

export interface SetContext {
  engine: Engine;
  projectName: string;
  project?: Project;
  set: string;
  folder: SetFolder;
}

export interface OperationOptions {
  events?: EventSink;
  signal?: AbortSignal;
  /**
   * For operations that change the set: how long to wait while another command holds the set's
   * lock. Undefined: as long as that command runs; 0: not at all (SET_BUSY at once).
   */
  lockTimeoutMs?: number;
}

export function requireProject(ctx: SetContext, verb: string): Project {
  if (!ctx.project) {
    throw new ConfigNotFoundError(`${verb} needs the project's Compose file, and none was found`, {
      hint: 'Run it in the project directory, or pass -f FILE.',
    });
  }
  return ctx.project;
}

export function requireService(project: Project, service: string): void {
  if (!project.services[service]) {
    const known = Object.keys(project.services).join(', ') || 'none';
    throw new NotFoundError('SERVICE_NOT_FOUND', `project ${project.name} has no active service ${service}`, {
      hint: `Services: ${known}. A service behind a profile needs --profile.`,
    });
  }
}

export function newSetContext(input: {
  engine: Engine;
  stateRoot: string;
  projectName: string;
  project?: Project;
  set: string;
}): SetContext {
  return {
    engine: input.engine,
    projectName: input.projectName,
    project: input.project,
    set: input.set,
    folder: new SetFolder(input.stateRoot, input.projectName, input.set),
  };
}
