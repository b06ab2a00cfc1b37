/**
 * The snapshots on the engine, for the library and the CLI: list, inspect, remove, and move
 * them between engines (push/pull through a registry, export/import as a tar file). A name
 * means a local snapshot of the project; anything with '/' or ':' is an image reference.
 *
 *   const tb = await Testbed.open();
 *   await (await tb.set('base')).snapshot('seeded');
 *   await tb.snapshots().push('seeded', 'registry.example:5000/team/seeded:v1');
 *   await (await tb.set('dev1')).up({ from: 'seeded' });
 */
import { SetAmbiguousError } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import { isSnapshotReference } from '../plan/snapshot-names.js';
import type { SnapshotManifest } from '../plan/snapshot-manifest.js';
import { inspectSnapshot, listSnapshots, removeSnapshot, summarize, type SnapshotSummary } from '../lifecycle/snapshot/snapshot-store.js';
import { exportSnapshot, importSnapshot, pullSnapshot, pushSnapshot, type TransferOptions } from '../lifecycle/snapshot/transfer.js';
import type { EventSink } from '../lifecycle/events.js';

export type { SnapshotSummary } from '../lifecycle/snapshot/snapshot-store.js';
export type { SnapshotManifest } from '../plan/snapshot-manifest.js';

export class Snapshots {
  constructor(
    private readonly engine: Engine,
    /** The project names are resolved in; without one, a name must be unique on the engine. */
    private readonly project: string | undefined,
  ) {}

  /** This project's snapshots (every project's with `all`). */
  list(options: { all?: boolean } = {}): Promise<SnapshotSummary[]> {
    return listSnapshots(this.engine, options.all ? undefined : this.project);
  }

  inspect(nameOrRef: string): Promise<{ ref: string; imageId: string; refs: string[]; manifest: SnapshotManifest }> {
    return inspectSnapshot(this.engine, this.project, nameOrRef);
  }

  /**
   * Removes its image references; refused while a set runs its images. Like every destructive
   * verb it never guesses a project: a bare name needs one (the file's, or -p).
   */
  async remove(nameOrRef: string, options: { events?: EventSink } = {}): Promise<string[]> {
    if (!this.project && !isSnapshotReference(nameOrRef)) {
      const projects = [...new Set((await listSnapshots(this.engine)).filter((s) => s.name === nameOrRef).map((s) => s.project))];
      if (projects.length > 0) {
        throw new SetAmbiguousError(`no Compose file here says which project's snapshot ${nameOrRef} to remove; project${projects.length > 1 ? 's' : ''} ${projects.join(', ')} ha${projects.length > 1 ? 've' : 's'} one, and nothing was removed`, {
          hint: `Name the project: ${projects.map((p) => `testbed snapshot rm ${nameOrRef} -p ${p}`).join(' or ')}`,
          details: { snapshot: nameOrRef, projects },
        });
      }
    }
    return removeSnapshot(this.engine, this.project, nameOrRef, options);
  }

  async push(nameOrRef: string, target: string, options: TransferOptions = {}): Promise<SnapshotSummary> {
    return summarize(await pushSnapshot(this.engine, this.project, nameOrRef, target, options));
  }

  /** With `name`, the pulled snapshot is also kept as that local snapshot of its project. */
  async pull(ref: string, options: TransferOptions & { name?: string } = {}): Promise<SnapshotSummary> {
    return summarize(await pullSnapshot(this.engine, ref, options));
  }

  async export(nameOrRef: string, file: string, options: TransferOptions = {}): Promise<{ snapshot: SnapshotSummary; bytes: number }> {
    const { snapshot, bytes } = await exportSnapshot(this.engine, this.project, nameOrRef, file, options);
    return { snapshot: summarize(snapshot), bytes };
  }

  async import(file: string, options: TransferOptions = {}): Promise<SnapshotSummary[]> {
    return (await importSnapshot(this.engine, file, options)).map(summarize);
  }
}
