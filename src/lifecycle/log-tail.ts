import { maskSecrets } from '../set-config/secret-mask.js';
import { secretValues } from './configure/secret-store.js';
import type { SetContext } from './set-context.js';

/**
 * The last lines a container wrote, for error messages, with the set's secrets masked (a
 * service that fails to start often prints its configuration). Never fails: an error message must not.
 */
export async function logTail(ctx: SetContext, containerId: string, lines = 20): Promise<string> {
  try {
    const out: string[] = [];
    for await (const entry of ctx.engine.logs(containerId, { follow: false, tail: lines })) out.push(entry.line);
    return maskSecrets(out.slice(-lines).join('\n'), await secretValues(ctx.folder, ctx.project));
  } catch {
    return '';
  }
}
