/**
 * The engine's list of what a container changed in its own file system (never its volumes),
 * sorted into what it says: code changed at run time (V), state kept in the container (VI),
 * log files (XI). Scratch places (/tmp, /run), the engine's own files (/etc/hosts...) and the
 * configs Testbed copied in before start are not the service's doing and are left out, and so
 * are folders listed only because something below them changed, and the places the engine
 * mounts volumes and files on.
 */
export interface ChangedPath {
  path: string;
  kind: 'changed' | 'added' | 'deleted';
}

export interface SortedChanges {
  code: ChangedPath[];
  state: ChangedPath[];
  logs: ChangedPath[];
}

const SCRATCH = ['/tmp', '/var/tmp', '/run', '/var/run', '/var/lock', '/dev', '/proc', '/sys'];
const ENGINE_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/mtab', '/.dockerenv']);
const CODE_ROOTS = ['/usr', '/opt', '/app', '/var/www', '/bin', '/sbin', '/lib', '/lib64'];

/** The path is `root` or inside it. */
export const isUnder = (path: string, root: string) => path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);

/** A folder the engine lists as changed because something below it changed (`paths`: the whole list). */
export function changedForWhatIsBelow(change: ChangedPath, paths: readonly string[]): boolean {
  return change.kind === 'changed' && paths.some((p) => p !== change.path && isUnder(p, change.path));
}

export function isLogPath(path: string): boolean {
  return isUnder(path, '/var/log') || /\.log(\.\d+)?$/.test(path);
}

export function sortChanges(
  changes: readonly ChangedPath[],
  context: { workingDir?: string; injected?: readonly string[]; mountPoints?: readonly string[] } = {},
): SortedChanges {
  // The engine makes the folders (and files) it mounts volumes and binds on: not the service's doing either.
  const injected = [...(context.injected ?? []), ...(context.mountPoints ?? [])];
  const codeRoots = context.workingDir && context.workingDir !== '/' ? [...CODE_ROOTS, context.workingDir] : CODE_ROOTS;
  const paths = changes.map((c) => c.path);
  const out: SortedChanges = { code: [], state: [], logs: [] };
  for (const change of changes) {
    if (SCRATCH.some((root) => isUnder(change.path, root)) || ENGINE_FILES.has(change.path)) continue;
    if (injected.some((file) => file === change.path || isUnder(file, change.path))) continue;
    if (changedForWhatIsBelow(change, paths)) continue;
    if (isLogPath(change.path)) out.logs.push(change);
    else if (codeRoots.some((root) => isUnder(change.path, root))) out.code.push(change);
    else out.state.push(change);
  }
  return out;
}

/** "A /var/www/html/index.php, C /var/lib/app (and 12 more)". */
export function describeChanges(changes: readonly ChangedPath[], shown = 4): string {
  const letter = { added: 'A', changed: 'C', deleted: 'D' } as const;
  const head = changes.slice(0, shown).map((c) => `${letter[c.kind]} ${c.path}`).join(', ');
  return changes.length > shown ? `${head} (and ${changes.length - shown} more)` : head;
}
