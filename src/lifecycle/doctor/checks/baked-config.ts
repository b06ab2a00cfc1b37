/**
 * III Config, in the image: configuration files the image ships with what differs per
 * environment baked in (a credential, another service's host name: what an installer wrote
 * once), and files the set's own templates replace (a stale copy that runs wherever the template
 * is not there). Looked for under the image's working folder and the folders the service's
 * configs go to.
 */
import { posix } from 'node:path';
import { finding } from '../../../model/doctor/check.js';
import { scanConfigText } from '../../../model/doctor/config-scan.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { readImageFiles } from './image-files.js';

const FIX =
  'Keep per-environment values out of the image: render the file per set from a template (configs: with a .liquid file), ' +
  'or read them from the environment (getenv) in a file that is the same everywhere.';

export const bakedConfig: LiveCheck = {
  id: 'config.baked-files',
  factor: 'config',
  title: 'configuration files in the image that hold per-environment values',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const targets = service.configs.map((c) => c.target);
    const folders = [...new Set([replica.details.workingDir, ...targets.map((t) => posix.dirname(t))].filter((f) => f && f !== '/'))].sort();
    if (folders.length === 0) {
      return [finding(this, service.name, 'unknown', 'the image has no working folder (WORKDIR) and the service mounts no configs: nowhere to look', 'Give the image a WORKDIR where its configuration lives.')];
    }
    const image = replica.details.image;
    const shipped = await live.memo(`image-files:${image}:${folders.join(',')}:${targets.join(',')}`, () => readImageFiles(live.set, image, folders, targets));
    const names = Object.keys(live.project.services).filter((s) => s !== service.name);
    const baked: string[] = [];
    for (const [path, text] of shipped.files) {
      for (const f of scanConfigText(text, names)) {
        baked.push(f.kind === 'credential' ? `${path}:${f.line} ${f.name} = ${f.shown}` : `${path}:${f.line} ${f.name} = '${f.shown}' (service ${f.shown} of the set)`);
      }
    }
    const stale = targets.filter((t) => shipped.present.has(t));
    if (baked.length) return [finding(this, service.name, 'fail', `the image ships per-environment values: ${baked.slice(0, 4).join('; ')}${baked.length > 4 ? `; and ${baked.length - 4} more` : ''}`, FIX)];
    if (stale.length) return [finding(this, service.name, 'warn', `the image ships ${stale.join(', ')}, which the set's configs replace: a stale copy runs wherever they are missing`, 'Remove the file from the image; the template is the one source.')];
    const looked = `${shipped.files.size} configuration file(s) under ${folders.join(', ')}${shipped.truncated ? ' (stopped early: too many files)' : ''}`;
    return [finding(this, service.name, shipped.truncated ? 'unknown' : 'pass', `no per-environment values in ${looked}`, shipped.truncated ? 'Too many files to read them all; check the configuration files by hand.' : undefined)];
  },
};
