/**
 * How the Docker adapter's calls that change something are logged: the words of each verb
 * ("Creating", "Created", "create", in logs and error messages) and a logger per kind of object.
 */
import { createLogger } from '../../common/logger.js';

export type Verb =
  | 'create' | 'start' | 'stop' | 'remove' | 'connect' | 'exec' | 'attach' | 'build' | 'pull' | 'copy'
  | 'pause' | 'unpause' | 'commit' | 'tag' | 'push' | 'import' | 'save' | 'load';

export const CALL_WORDS: Record<Verb, { doing: string; done: string; verb: string }> = {
  create: { doing: 'Creating', done: 'Created', verb: 'create' },
  start: { doing: 'Starting', done: 'Started', verb: 'start' },
  stop: { doing: 'Stopping', done: 'Stopped', verb: 'stop' },
  remove: { doing: 'Removing', done: 'Removed', verb: 'remove' },
  connect: { doing: 'Connecting', done: 'Connected', verb: 'connect' },
  exec: { doing: 'Executing in', done: 'Executed in', verb: 'execute in' },
  attach: { doing: 'Attaching', done: 'Attached', verb: 'attach' },
  build: { doing: 'Building', done: 'Built', verb: 'build' },
  pull: { doing: 'Pulling', done: 'Pulled', verb: 'pull' },
  copy: { doing: 'Copying', done: 'Copied', verb: 'copy' },
  pause: { doing: 'Pausing', done: 'Paused', verb: 'pause' },
  unpause: { doing: 'Unpausing', done: 'Unpaused', verb: 'unpause' },
  commit: { doing: 'Committing', done: 'Committed', verb: 'commit' },
  tag: { doing: 'Tagging', done: 'Tagged', verb: 'tag' },
  push: { doing: 'Pushing', done: 'Pushed', verb: 'push' },
  import: { doing: 'Importing', done: 'Imported', verb: 'import' },
  save: { doing: 'Saving', done: 'Saved', verb: 'save' },
  load: { doing: 'Loading', done: 'Loaded', verb: 'load' },
};

export const engineLoggers = {
  container: createLogger('engine:container'),
  network: createLogger('engine:network'),
  volume: createLogger('engine:volume'),
  image: createLogger('engine:image'),
};
