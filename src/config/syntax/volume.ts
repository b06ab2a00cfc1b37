/**
 * Compose's short volume syntax: `[SOURCE:]TARGET[:MODE]`, e.g. "data:/var/lib/db:ro",
 * "./site:/usr/share/nginx/html", "/abs:/in", "~/x:/x", or "/anonymous".
 * A source that looks like a path is a bind mount; any other source names a volume.
 */
import { parsed, rejected, type Parsed } from '../../common/parsed.js';

export const VOLUME_EXPECTED = '"[SOURCE:]TARGET[:MODE]" with an absolute TARGET, e.g. "data:/var/lib/data" or "./src:/app:ro"';

export type ParsedVolume =
  | { type: 'volume'; source?: string; target: string; readOnly: boolean; noCopy: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean };

const MODES = new Set([
  'ro', 'rw', 'z', 'Z', 'nocopy', 'consistent', 'cached', 'delegated',
  'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate',
]);

export function isPathLike(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

export function parseVolumeSpec(spec: string): Parsed<ParsedVolume> {
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) return rejected();
  let source: string | undefined;
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 3) [source, target, mode] = parts as [string, string, string];
  else if (parts[0]!.startsWith('/') && parts[1]!.split(',').every((m) => MODES.has(m))) {
    [target, mode] = parts as [string, string];
  } else [source, target] = parts as [string, string];

  if (!target.startsWith('/')) return rejected(`the container path "${target}" is not absolute`);
  const modes = mode === '' ? [] : mode.split(',');
  const unknown = modes.find((m) => !MODES.has(m));
  if (unknown !== undefined) return rejected(`"${unknown}" is not a mount mode (ro, rw, z, Z, nocopy...)`);
  const readOnly = modes.includes('ro');

  if (source !== undefined && isPathLike(source)) return parsed({ type: 'bind', source, target, readOnly });
  if (source !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) {
    return rejected(`"${source}" is neither a path (start it with ./ or /) nor a volume name`);
  }
  const volume: ParsedVolume = { type: 'volume', target, readOnly, noCopy: modes.includes('nocopy') };
  if (source !== undefined) volume.source = source;
  return parsed(volume);
}

/** The container path a volume entry mounts at (its identity when merging files), short or long syntax. */
export function volumeTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    const result = parseVolumeSpec(entry);
    return result.ok ? cleanTarget(result.value.target) : undefined;
  }
  if (entry && typeof entry === 'object' && 'target' in entry && typeof entry.target === 'string') return cleanTarget(entry.target);
  return undefined;
}

/** `/data/` and `/data` are one mount point. */
function cleanTarget(target: string): string {
  return target.length > 1 ? target.replace(/\/+$/, '') : target;
}
