import type { Engine } from '../engine/engine.js';

/** The last lines a container wrote, for error messages. Never fails: an error message must not. */
export async function logTail(engine: Engine, containerId: string, lines = 20): Promise<string> {
  try {
    const out: string[] = [];
    for await (const entry of engine.logs(containerId, { follow: false, tail: lines })) out.push(entry.line);
    return out.slice(-lines).join('\n');
  } catch {
    return '';
  }
}
