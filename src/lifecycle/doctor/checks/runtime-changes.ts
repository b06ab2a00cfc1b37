/**
 * V Build, release, run: what runs is the release. Files of the code tree (the working folder,
 * /usr, /opt, /app, /var/www) that the running container added or changed are a build step done
 * at run time: a `composer install` at start, caches written into the code, a copied-in tree.
 */
import { finding } from '../../../model/doctor/check.js';
import { describeChanges } from '../../../model/doctor/file-changes.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { sortedChangesOf } from './changes-of.js';

export const runtimeChanges: LiveCheck = {
  id: 'build-release-run.runtime-changes',
  factor: 'build-release-run',
  title: 'code changed by the running container (the engine\'s list of its changes)',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const { code } = await sortedChangesOf(live, replica);
    if (code.length === 0) return [finding(this, service.name, 'pass', 'the code tree is as the image has it')];
    return [
      finding(
        this,
        service.name,
        'fail',
        `${code.length} file(s) of the code tree changed since the container was made: ${describeChanges(code)}`,
        'Do it in the Dockerfile (dependencies, generated code, warmed caches), so every container runs the same release; point caches at a volume or /tmp.',
      ),
    ];
  },
};
