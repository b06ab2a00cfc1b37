/**
 * Collects the errors and warnings found while turning the merged files into a Project,
 * each pointing at where the value was written (through the merged tree's positions).
 */
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { formatPath, keyPositionAt, positionAt, type ConfigMapping, type Path } from '../config/config-tree.js';
import type { ConfigWarning } from './project.js';

export class Diagnostics {
  readonly issues: ConfigIssue[] = [];
  readonly warnings: ConfigWarning[] = [];

  constructor(readonly tree: ConfigMapping) {}

  /** A problem with the value at `path`; the message is prefixed with the path. */
  error(path: Path, message: string): void {
    this.issues.push({ message: `${formatPath(path)}: ${message}`, position: positionAt(this.tree, path), path: formatPath(path) });
  }

  /** A problem with the key at the end of `path` (a service, a dependency, a network name...). */
  keyError(path: Path, message: string): void {
    this.issues.push({ message: `${formatPath(path)}: ${message}`, position: keyPositionAt(this.tree, path), path: formatPath(path) });
  }

  warn(path: Path, message: string): void {
    this.warnings.push({ message: `${formatPath(path)}: ${message}`, position: keyPositionAt(this.tree, path), path: formatPath(path) });
  }

  /** @param earlier warnings found before these diagnostics (loading the files), shown with the errors */
  throwIfErrors(earlier: readonly ConfigWarning[] = []): void {
    if (this.issues.length > 0) throw new ConfigError(this.issues, { warnings: [...earlier, ...this.warnings] });
  }
}
