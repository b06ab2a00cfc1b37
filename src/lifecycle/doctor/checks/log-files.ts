/**
 * XI Logs: a service writes its log as an event stream to stdout/stderr, which the platform
 * collects. Log files growing in the container (/var/log, *.log) while the output stays silent
 * are logs nobody collects, which fill the container's file system.
 */
import { extract } from 'tar-stream';
import { finding } from '../../../model/doctor/check.js';
import type { ChangedPath } from '../../../model/doctor/file-changes.js';
import { isReplica, runningReplica, type LiveCheck, type LiveContext } from '../live-check.js';
import { sortedChangesOf } from './changes-of.js';

const MAX_FILES = 10;
const OUTPUT_LINES = 500;

/** The file's size as the engine's archive of it says, 0 for anything but a regular file. */
async function sizeOf(live: LiveContext, containerId: string, path: string): Promise<number> {
  const archive = await live.set.engine.getArchive(containerId, path);
  const reader = extract();
  let size = 0;
  reader.on('entry', (header, stream, next) => {
    if (size === 0 && header.type === 'file') size = header.size ?? 0;
    stream.on('end', next);
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    archive.on('error', reject);
    archive.pipe(reader);
  });
  return size;
}

/** The last lines the container printed (stdout and stderr). */
export async function outputLines(live: LiveContext, containerId: string, tail: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of live.set.engine.logs(containerId, { follow: false, tail })) lines.push(line.line);
  return lines;
}

export const logFiles: LiveCheck = {
  id: 'logs.log-files',
  factor: 'logs',
  title: 'log files growing in the container while stdout/stderr stay silent',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const candidates = (await sortedChangesOf(live, replica)).logs.filter((c: ChangedPath) => c.kind !== 'deleted');
    const files: string[] = [];
    for (const c of candidates.slice(0, MAX_FILES)) {
      const size = await sizeOf(live, replica.details.id, c.path).catch(() => 0);
      if (size > 0) files.push(`${c.path} (${size} bytes)`);
    }
    const lines = (await outputLines(live, replica.details.id, OUTPUT_LINES)).length;
    const output = lines >= OUTPUT_LINES ? `${OUTPUT_LINES}+ lines` : `${lines} line(s)`;
    const fix = 'Send the log to stdout/stderr (error_log /dev/stderr, access_log /dev/stdout, or a link from the log file to /proc/self/fd/1).';
    if (files.length > 0 && lines === 0) return [finding(this, service.name, 'fail', `writes log files while its output is silent: ${files.join(', ')}`, fix)];
    if (files.length > 0) return [finding(this, service.name, 'warn', `writes log files besides its output (${output}): ${files.join(', ')}`, fix)];
    if (lines === 0) {
      return [finding(this, service.name, 'unknown', 'no log files, and nothing on stdout/stderr yet', 'Use the service (a request, a job), then run doctor again.')];
    }
    return [finding(this, service.name, 'pass', `logs to stdout/stderr (${output}), no log files`)];
  },
};
