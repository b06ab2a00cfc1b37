/**
 * VI Processes: a process keeps nothing it needs in the container's own file system, which goes
 * with the container. Files it added or changed there outside the code tree and its volumes
 * (uploads, a database file, sessions, generated configuration) are state that a recreate loses.
 */
import { changesCheck } from './changes-of.js';

export const containerState = changesCheck({
  id: 'processes.container-state',
  factor: 'processes',
  title: 'state written to the container\'s file system instead of volumes (same list)',
  pick: (sorted) => sorted.state,
  what: 'path(s) written in the container\'s own file system',
  pass: 'nothing written outside volumes and scratch space (/tmp, /run)',
  fix: 'Mount a named volume where it keeps data, put scratch files in /tmp, or keep the state in a backing service.',
});
