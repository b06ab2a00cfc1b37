/**
 * The choices (project directory, Compose files, env files, profiles) a new set made from a
 * snapshot is loaded with when no Compose file is at hand: those the snapshot recorded, else
 * those of the set it was taken from (a snapshot taken before snapshots recorded them).
 */
import { existsSync } from 'node:fs';
import type { Engine } from '../../engine/engine.js';
import { recordedChoices, type SetChoices } from '../set-choices.js';
import { SetFolder } from '../set-folder.js';
import { resolveSnapshot } from './open-snapshot.js';

export async function snapshotChoices(engine: Engine, stateRoot: string, project: string, nameOrRef: string): Promise<SetChoices | undefined> {
  const { manifest } = await resolveSnapshot(engine, project, nameOrRef);
  // A snapshot pulled from another machine names that machine's files: they may not be here.
  const made = manifest.madeWith;
  if (made && made.files.every((f) => existsSync(f))) return made;
  return recordedChoices(engine, new SetFolder(stateRoot, manifest.project, manifest.set));
}
