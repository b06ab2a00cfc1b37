/**
 * Test results in the set folder: tests/<run>/<test>/{stdout,stderr,result.json,artifacts/}
 * and tests/<run>/run.json for the run as a whole. <run> is the start time, so names sort in
 * time order and the newest runs are found without reading them all.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SetFolder } from '../set-folder.js';
import type { TestResult, TestRunReport } from './test-result.js';

export function testsFolder(folder: SetFolder): string {
  return folder.file('tests');
}

/** "2024-06-01T10-20-30.123Z": a time that is also a file name. */
export function runIdFor(time: Date): string {
  return time.toISOString().replace(/:/g, '-');
}

/** Makes tests/<runId>, adding -2, -3... when a run of the same millisecond has it already. */
export async function makeRunFolder(folder: SetFolder, runId: string): Promise<{ runId: string; path: string }> {
  await mkdir(testsFolder(folder), { recursive: true, mode: 0o700 });
  for (let n = 1; ; n++) {
    const id = n === 1 ? runId : `${runId}-${n}`;
    const path = join(testsFolder(folder), id);
    try {
      await mkdir(path, { mode: 0o700 });
      return { runId: id, path };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** result.json keeps everything but the output, which is in the stdout and stderr files beside it. */
export async function writeTestResult(result: TestResult): Promise<void> {
  const { stdout: _o, stderr: _e, ...stored } = result;
  await mkdir(result.folder, { recursive: true, mode: 0o700 });
  await writeFile(join(result.folder, 'result.json'), JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
}

export async function writeRunReport(report: TestRunReport): Promise<void> {
  const stored = { ...report, results: report.results.map(({ stdout: _o, stderr: _e, ...r }) => r) };
  await writeFile(join(report.folder, 'run.json'), JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
}

export type StoredResult = Omit<TestResult, 'stdout' | 'stderr'>;
export type StoredRun = Omit<TestRunReport, 'results'> & { results: StoredResult[] };

export interface ResultsQuery {
  /** Only runs that include this test, and only its result. */
  test?: string;
  /** Newest first; default 10. */
  limit?: number;
}

/** The last stored runs, newest first. A run interrupted before its run.json is left out. */
export async function storedRuns(folder: SetFolder, query: ResultsQuery = {}): Promise<StoredRun[]> {
  const limit = query.limit ?? 10;
  const ids = await readdir(testsFolder(folder)).catch(() => [] as string[]);
  const runs: StoredRun[] = [];
  for (const id of ids.sort().reverse()) {
    if (runs.length >= limit) break;
    const run = await readJson<StoredRun>(join(testsFolder(folder), id, 'run.json'));
    if (!run) continue;
    if (query.test === undefined) {
      runs.push(run);
      continue;
    }
    const results = run.results.filter((r) => r.test === query.test);
    if (results.length > 0) runs.push({ ...run, results });
  }
  return runs;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
