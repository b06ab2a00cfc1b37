/**
 * V Build, release, run: what runs is the release. Files of the code tree (the working folder,
 * /usr, /opt, /app, /var/www) that the running container added or changed are a build step done
 * at run time: a `composer install` at start, caches written into the code, a copied-in tree.
 */
import { changesCheck } from './changes-of.js';

export const runtimeChanges = changesCheck({
  id: 'build-release-run.runtime-changes',
  factor: 'build-release-run',
  title: 'code changed by the running container (the engine\'s list of its changes)',
  pick: (sorted) => sorted.code,
  what: 'file(s) of the code tree changed since the container was made',
  pass: 'the code tree is as the image has it',
  fix: 'Do it in the Dockerfile (dependencies, generated code, warmed caches), so every container runs the same release; point caches at a volume or /tmp.',
});
