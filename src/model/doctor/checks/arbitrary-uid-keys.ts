/**
 * Arbitrary UID, as the file says it: `writable_paths` mean something only with
 * `arbitrary_uid: true`, and with it the file's `user:` is not used (the platform chooses).
 * Whether the service really runs that way is the live check arbitrary-uid.runs.
 */
import { finding, type StaticCheck } from '../check.js';

export const arbitraryUidKeys: StaticCheck = {
  id: 'arbitrary-uid.keys',
  factor: 'arbitrary-uid',
  title: '`x-testbed` arbitrary_uid and writable_paths written consistently',
  run(_input, service) {
    const declared = service.arbitraryUid === true;
    const paths = service.writablePaths;
    if (!declared && paths.length > 0) {
      return [finding(this, service.name, 'warn', `writable_paths ${paths.join(', ')} without arbitrary_uid: true have no effect`, 'Add x-testbed arbitrary_uid: true, or remove writable_paths.')];
    }
    if (declared && service.user !== undefined) {
      return [finding(this, service.name, 'warn', `user: ${service.user} is not used: with arbitrary_uid the set (or the platform) chooses the UID`, 'Remove user:, or arbitrary_uid.')];
    }
    if (!declared) return [];
    return [finding(this, service.name, 'pass', `arbitrary_uid: true${paths.length ? `, writable_paths: ${paths.join(', ')}` : ''}`)];
  },
};
