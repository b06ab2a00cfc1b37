/** What normalising a service needs besides the service itself. */
import type { VariableLookup } from '../config/interpolate.js';
import type { Diagnostics } from './diagnostics.js';

export interface NormalizeContext {
  /** Absolute project directory: relative paths in the files resolve against it. */
  directory: string;
  /** Working directory, to show file names short. */
  cwd: string;
  /** The interpolation variables (environment over .env), for `KEY` without a value. */
  lookup: VariableLookup;
  /** HOME, for `~` in bind mounts. */
  home?: string;
  diagnostics: Diagnostics;
}
