/** A host path as the file wrote it, made absolute: `~` is the user's home, relative is from the project directory. */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { NormalizeContext } from './normalize-context.js';

export function hostPath(source: string, ctx: Pick<NormalizeContext, 'directory' | 'home'>): string {
  if (source === '~' || source.startsWith('~/')) return resolve(ctx.home ?? homedir(), source.slice(2));
  return isAbsolute(source) ? source : resolve(ctx.directory, source);
}
