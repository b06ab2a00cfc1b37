/**
 * The choices (project directory, Compose files, env files, profiles) a new set made from a
 * snapshot is loaded with when no Compose file is at hand: those the snapshot recorded, else
 * those of the set it was taken from (a snapshot taken before snapshots recorded them).
 */
import { existsSync } from 'node:fs';
import type { Engine } from '../../engine/engine.js';
import type { SnapshotManifest } from '../../plan/snapshot-manifest.js';
import { recordedChoices, type SetChoices } from '../set-choices.js';
import { SetFolder } from '../set-folder.js';
import { resolveSnapshot } from './open-snapshot.js';

export async function snapshotChoices(engine: Engine, stateRoot: string, project: string, nameOrRef: string): Promise<SetChoices | undefined> {
  const { manifest } = await resolveSnapshot(engine, project, nameOrRef);
  return choicesOfSnapshot(manifest, () => recordedChoices(engine, new SetFolder(stateRoot, manifest.project, manifest.set)));
}

/** The recorded choices when their files are here (a snapshot pulled from another machine names that machine's); else the source set's. */
export async function choicesOfSnapshot(
  manifest: Pick<SnapshotManifest, 'madeWith'>,
  sourceSet: () => Promise<SetChoices | undefined>,
  exists: (path: string) => boolean = existsSync,
): Promise<SetChoices | undefined> {
  const made = manifest.madeWith;
  if (made && made.files.length > 0 && made.files.every(exists)) return made;
  return sourceSet();
}
