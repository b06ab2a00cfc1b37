/**
 * Copies a container's configs and secrets in just before it starts, from the set's folder,
 * as one tar with the owner and mode each file asks for. Doing it at every start (not once at
 * create) means an interrupted create can never leave a container without its files.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { ContainerSummary, Engine } from '../../engine/engine.js';
import { LABEL } from '../../plan/labels.js';
import type { MaterialisedFile } from '../../plan/mounts.js';

export function filesOf(container: ContainerSummary): MaterialisedFile[] {
  const label = container.labels[LABEL.files];
  return label ? (JSON.parse(label) as MaterialisedFile[]) : [];
}

export async function injectFiles(engine: Engine, container: ContainerSummary): Promise<void> {
  await putFiles(engine, container.id, filesOf(container), (file) => readFile(file.hostPath));
}

/** The same files into another container (a one-off `run:` of the service), before it starts. */
export async function injectFileList(engine: Engine, containerId: string, files: MaterialisedFile[]): Promise<void> {
  await putFiles(engine, containerId, files, (file) => readFile(file.hostPath));
}

/**
 * Empties the container's copied-in files (same paths, owners and modes), so that a commit of it
 * holds none of the set's secrets or rendered configs; injectFiles puts them back.
 */
export async function emptyInjectedFiles(engine: Engine, container: ContainerSummary): Promise<void> {
  await putFiles(engine, container.id, filesOf(container), async () => Buffer.alloc(0));
}

async function putFiles(engine: Engine, containerId: string, files: MaterialisedFile[], contentOf: (file: MaterialisedFile) => Promise<Buffer>): Promise<void> {
  if (files.length === 0) return;
  const tar = pack();
  const done = (async () => {
    for (const file of files) {
      // No folder entries: the engine makes missing parents (0755) and must not touch existing ones (/tmp stays 1777).
      const parts = file.target.split('/').filter(Boolean);
      const content = await contentOf(file);
      await new Promise<void>((resolve, reject) =>
        tar.entry({ name: parts.join('/'), mode: file.mode, uid: file.uid, gid: file.gid }, content, (err) => (err ? reject(err) : resolve())),
      );
    }
    tar.finalize();
  })();
  await Promise.all([engine.putArchive(containerId, '/', Readable.from(tar)), done]);
}
