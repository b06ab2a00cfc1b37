/**
 * The one per-set folder on the host. With the engine's labels it is the whole state of a set:
 * what the labels cannot hold (addresses kept across destroy, later rendered files, secrets,
 * job and test output) lives here.
 */
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { writeFileAtomic } from '../common/atomic-file.js';
import { join } from 'node:path';

export interface StateRootOptions {
  env?: Record<string, string | undefined>;
  home?: string;
}

/** TESTBED_STATE_DIR, else $XDG_STATE_HOME/testbed, else ~/.local/state/testbed. */
export function stateRoot(options: StateRootOptions = {}): string {
  const env = options.env ?? process.env;
  if (env.TESTBED_STATE_DIR) return env.TESTBED_STATE_DIR;
  const xdg = env.XDG_STATE_HOME || join(options.home ?? homedir(), '.local', 'state');
  return join(xdg, 'testbed');
}

export interface SetRecord {
  project: string;
  set: string;
  /** How the set was made (see set-choices.ts): written on create, replayed by every later command. */
  projectDirectory?: string;
  files?: string[];
  envFiles?: string[];
  profiles?: string[];
  publish?: 'loopback' | 'ephemeral';
  createdAt: string;
  /** Replica key -> loopback address, kept so a set keeps its addresses across destroy/create. */
  addresses: Record<string, string>;
}

/** The set's lock (see set-lock.ts), and `lock.break` beside it while a left-over lock is taken over. */
export const LOCK_FILE = 'lock';

/** Pending updates per set folder path. */
const updates = new Map<string, Promise<SetRecord>>();

export class SetFolder {
  constructor(
    readonly root: string,
    readonly project: string,
    readonly set: string,
  ) {}

  get path(): string {
    return join(this.root, this.project, this.set);
  }

  file(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  async read(): Promise<SetRecord | undefined> {
    return this.readJson<SetRecord>('set.json');
  }

  /** A JSON file of the folder; undefined when it is not there (yet). */
  async readJson<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(name), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Written through a temporary file and a rename, so an interrupted write never leaves half a record. */
  async write(record: SetRecord): Promise<void> {
    await mkdir(this.path, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file('set.json'), JSON.stringify(record, null, 2) + '\n');
  }

  /** Read, change, write: one at a time per set within this process, so no change is lost. */
  update(change: (current: SetRecord) => SetRecord): Promise<SetRecord> {
    const previous = updates.get(this.path) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const current = (await this.read()) ?? {
          project: this.project,
          set: this.set,
          createdAt: new Date().toISOString(),
          addresses: {},
        };
        const changed = change(current);
        await this.write(changed);
        return changed;
      });
    updates.set(this.path, next);
    void next.finally(() => {
      if (updates.get(this.path) === next) updates.delete(this.path);
    }).catch(() => undefined);
    return next;
  }

  /**
   * All of it but the lock of the command removing the set (that goes when the command ends,
   * and the folder with it), and its project's folder when that is left empty.
   */
  async remove(): Promise<void> {
    const entries = await readdir(this.path).catch(() => [] as string[]);
    const kept = (name: string) => name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);
    await Promise.all(entries.filter((e) => !kept(e)).map((e) => rm(join(this.path, e), { recursive: true, force: true })));
    await rmdir(this.path).catch(() => undefined);
    // Another set of the project, or one being made at this moment, keeps it: rmdir refuses a folder that is not empty.
    await rmdir(join(this.root, this.project)).catch(() => undefined);
  }
}
