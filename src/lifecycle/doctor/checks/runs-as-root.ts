/**
 * Security: the user a service runs as: `user:` in the file, else the image's USER (none: root).
 * Root in a container is root on the host's kernel, one bug away from the host.
 */
import { finding } from '../../../model/doctor/check.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}

export const runsAsRoot: LiveCheck = {
  id: 'security.runs-as-root',
  factor: 'security',
  title: 'runs as root (the file\'s user:, else the image\'s USER)',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const user = replica.details.user;
    if (!isRootUser(user)) return [finding(this, service.name, 'pass', `runs as ${user}`)];
    const why = service.user !== undefined ? `user: ${service.user} in the file` : 'no user: in the file, and the image has no USER';
    return [finding(this, service.name, 'fail', `runs as root (${why})`, 'Add USER to the Dockerfile (a numeric uid with group 0 suits OpenShift), or user: UID:0, or x-testbed arbitrary_uid: true.')];
  },
};
