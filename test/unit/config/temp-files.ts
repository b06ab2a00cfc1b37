/** Small projects on disk for loading tests: a fresh temp directory with the files a test names. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

export interface TempFiles {
  dir: string;
  /** Absolute path of a file in the directory. */
  path(relPath: string): string;
  write(relPath: string, content: string): Promise<string>;
}

const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temp directory holding `files` (relative path -> content), removed after the test. */
export async function tempFiles(files: Record<string, string> = {}): Promise<TempFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-unit-'));
  made.push(dir);
  const temp: TempFiles = {
    dir,
    path: (relPath) => join(dir, relPath),
    async write(relPath, content) {
      const path = join(dir, relPath);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
  };
  for (const [relPath, content] of Object.entries(files)) await temp.write(relPath, content);
  return temp;
}

/** YAML from an indented template literal: the common indentation removed, so fixtures read as files. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
