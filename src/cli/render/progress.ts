/**
 * Renders lifecycle events as one line each on stderr: coloured on a terminal, plain otherwise,
 * nothing with -q or --json. Build output is shown only with -v (it is long) or when a build fails.
 */
import type { LifecycleEvent } from '../../api/events.js';
import { colors, say, type Output } from '../output.js';

export function progressRenderer(out: Output, verbose: boolean): (event: LifecycleEvent) => void {
  const c = colors(out);
  const ok = c.green('✔');
  const info = c.cyan('•');
  return (e) => {
    // Waiting on another command is said on stderr with --json too: a silent wait looks like a hang.
    if (e.kind === 'lock') return say(out, `${c.yellow('…')} ${e.message}`);
    if (out.json) return;
    switch (e.kind) {
      case 'image':
        if (e.action === 'building') say(out, `${info} ${e.service}: building ${c.dim(e.image)}`);
        else if (e.action === 'built') say(out, `${ok} ${e.service}: built ${c.dim(e.image)}`);
        else if (e.action === 'cached' && verbose) say(out, `${ok} ${e.service}: image up to date ${c.dim(e.image)}`);
        else if (e.action === 'shared' && verbose) say(out, `${ok} ${e.service}: same build as ${e.from}, shares its image ${c.dim(e.image)}`);
        else if (e.action === 'pulling') say(out, `${info} ${e.service}: pulling ${e.image}`);
        else if (e.action === 'removed') say(out, `${ok} image ${e.image} removed`);
        else if (e.action === 'pushing') say(out, `${info} ${e.service}: pushing ${e.image}`);
        else if (e.action === 'pushed') say(out, `${ok} ${e.service}: pushed ${e.image}`);
        return;
      case 'build-output':
        if (verbose) say(out, c.dim(`  ${e.service} | ${e.line}`));
        return;
      case 'network':
      case 'volume':
        if (e.action === 'exists') return;
        if (e.action === 'kept') say(out, `${info} ${e.kind} ${e.name} kept ${c.dim('(destroy --volumes removes data)')}`);
        else say(out, `${ok} ${e.kind} ${e.name} ${e.action}`);
        return;
      case 'container':
        if (e.action === 'unchanged' && !verbose) return;
        if (e.action === 'starting' || e.action === 'waiting') return;
        say(out, `${e.action === 'ready' || e.action === 'completed' ? ok : info} ${e.name} ${e.action}${e.detail ? ' ' + c.dim(e.detail) : ''}`);
        return;
      case 'orphan':
        if (e.action === 'found') {
          say(out, `${c.yellow('!')} ${e.name}: service ${e.service} is no longer in the file ${c.dim('(--remove-orphans removes it)')}`);
        } else say(out, `${ok} ${e.name} (orphan) removed`);
        return;
      case 'job': {
        const mark = e.action === 'done' ? ok : e.action === 'failed' ? c.red('✘') : info;
        say(out, `${mark} job ${e.name} ${e.action}${e.detail ? ' ' + c.dim(e.detail) : ''}`);
        return;
      }
      case 'snapshot':
        say(out, `${e.action === 'done' ? ok : info} ${e.message}`);
        return;
      case 'warning':
        say(out, `${c.yellow('warning:')} ${e.message}`);
        return;
    }
  };
}
