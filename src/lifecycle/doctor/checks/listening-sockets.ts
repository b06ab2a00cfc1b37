/**
 * The TCP sockets listening in a replica's network namespace, read from /proc/net/tcp and tcp6
 * by a script of shell builtins (any user may read them). An image without /bin/sh cannot be
 * looked into this way: that is said, not guessed.
 */
import { parseListening, type ListeningSocket } from '../../../model/doctor/listening.js';
import type { LiveContext, Replica } from '../live-check.js';

const SCRIPT = 'for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] || continue; while read -r _ local _ st _; do [ "$st" = 0A ] && echo "$local"; done < "$f"; done; exit 0';

export type Sockets = { ok: true; sockets: ListeningSocket[] } | { ok: false; why: string };

/** Read once per replica and shared by the checks that look at ports. */
export function listeningSockets(live: LiveContext, replica: Replica): Promise<Sockets> {
  return live.memo(`sockets:${replica.details.id}`, () => readSockets(live, replica));
}

/** Read now (not the shared first reading): for a check that waits for a young process to open its ports. */
export async function readSockets(live: LiveContext, replica: Replica): Promise<Sockets> {
  const result = await live.set.engine.exec(replica.details.id, {
    cmd: ['/bin/sh', '-c', SCRIPT],
    signal: AbortSignal.timeout(10_000),
  });
  if (result.exitCode !== 0) return { ok: false, why: `no shell to read /proc/net/tcp in its image (exit ${result.exitCode}${result.stderr ? `: ${result.stderr.trim().slice(0, 120)}` : ''})` };
  return { ok: true, sockets: parseListening(result.stdout) };
}
