/** Static doctor checks run on small projects written to a temp directory (the files as on disk). */
import type { LoadOptions } from '../../../src/model/load-project.js';
import { readStaticInput } from '../../../src/model/doctor/raw-files.js';
import { runStaticChecks } from '../../../src/model/doctor/static-checks.js';
import type { Finding } from '../../../src/model/doctor/finding.js';
import { loadFrom } from '../model/load.js';

export async function staticFindings(files: Record<string, string>, options: LoadOptions = {}): Promise<Finding[]> {
  const { project, temp } = await loadFrom(files, options);
  return runStaticChecks(await readStaticInput(project, temp.dir));
}

/** The finding of one check for one service. */
export function of(findings: Finding[], check: string, service: string): Finding {
  const found = findings.filter((f) => f.check === check && f.service === service);
  if (found.length !== 1) throw new Error(`expected one ${check} finding for ${service}, got ${found.length}: ${JSON.stringify(findings.filter((f) => f.check === check))}`);
  return found[0]!;
}
