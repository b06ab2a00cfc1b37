/** Loads Compose files from a temp directory through the config layer's pipeline. */
import { ConfigError } from '../../../src/common/errors.js';
import { lookupIn } from '../../../src/config/interpolate.js';
import { loadComposeFiles } from '../../../src/config/load-compose.js';
import { tempFiles } from './temp-files.js';

/** Loads the named files (in order) from a temp directory; positions show the bare file names. */
export async function loadFiles(files: Record<string, string>, env: Record<string, string> = {}) {
  const temp = await tempFiles(files);
  const sources = Object.keys(files).map((name) => ({ path: temp.path(name), display: name }));
  return loadComposeFiles(sources, lookupIn(env));
}

export async function loadError(files: Record<string, string>, env: Record<string, string> = {}): Promise<ConfigError> {
  const err = await loadFiles(files, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(err)}`);
  return err;
}

