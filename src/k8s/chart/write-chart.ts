/** Writes a rendered chart into a directory (the only part of chart making that touches files). */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RenderedChart } from './chart.js';

export async function writeChart(directory: string, chart: RenderedChart): Promise<string[]> {
  // Templates of an earlier chart would stay in the chart if their object is gone.
  await rm(join(directory, 'templates'), { recursive: true, force: true });
  const written: string[] = [];
  for (const [path, content] of Object.entries(chart.files)) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}
