/**
 * The source hash of a service's build: every file the engine would receive (after .dockerignore),
 * their modes, and the build options. Same hash, same image: an unchanged service is never rebuilt.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { listContextFiles } from '../common/build-context.js';
import type { Build } from '../model/project.js';
import { canonicalJson } from '../plan/config-hash.js';

export async function buildHash(build: Build): Promise<string> {
  const hash = createHash('sha256');
  const { dockerfileInline, cacheFrom, network, pull, shmSizeBytes, extraHosts, tags, ulimits } = build;
  const options = Object.fromEntries(Object.entries({ dockerfileInline, cacheFrom, network, pull, shmSizeBytes, extraHosts, tags, ulimits }).filter(([, v]) => v !== undefined));
  // Only when some are set, so that builds which set none keep the hash they had.
  const extra = Object.keys(options).length > 0 ? { options } : {};
  hash.update(canonicalJson({ dockerfile: build.dockerfile, args: build.args, target: build.target ?? null, labels: build.labels, ...extra }));
  const files = await listContextFiles(build.context, build.dockerfile);
  for (const rel of files) {
    const abs = join(build.context, rel);
    const st = await lstat(abs);
    hash.update(`\0${rel}\0${st.mode & 0o7777}\0`);
    if (st.isSymbolicLink()) hash.update(await readlink(abs));
    else if (st.isFile()) await hashFile(hash, abs);
  }
  return hash.digest('hex');
}

function hashFile(hash: ReturnType<typeof createHash>, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
}
