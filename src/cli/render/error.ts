/** How a failure is shown: what and where, then what to do; JSON on stdout with --json. */
import { isTestbedError } from '../../common/errors.js';
import { colors, printJson, type Output } from '../output.js';

export function renderError(out: Output, err: unknown, verbose: boolean): void {
  const c = colors(out);
  if (!isTestbedError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    if (out.json) printJson(out, { error: 'InternalError', code: 'INTERNAL', message });
    out.human.write(`${c.red('error:')} ${message}\n`);
    if (verbose && err instanceof Error && err.stack) out.human.write(c.dim(err.stack) + '\n');
    else out.human.write(`${c.dim('hint:')} this is a bug in Testbed; run again with -v and report the output\n`);
    return;
  }
  if (out.json) printJson(out, err.toJSON());
  out.human.write(`${c.red('error:')} ${err.message}\n`);
  if (err.hint) out.human.write(`${c.dim('hint:')} ${err.hint.replace(/\n/g, '\n      ')}\n`);
  if (verbose && err.cause) {
    const cause = err.cause instanceof Error ? err.cause.message : String(err.cause);
    out.human.write(c.dim(`cause: ${cause}\n`));
  }
}
