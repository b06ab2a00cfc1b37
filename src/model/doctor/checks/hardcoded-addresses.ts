/**
 * IV Backing services: another service is reached by its name on the set's network (`db`), so
 * that swapping it (a managed database, another set) is a change of configuration. An IP
 * address, a container name or a host-side name (`db.demo.lan`) in an environment value ties
 * the service to one deployment; localhost inside a container is the container itself.
 */
import type { Project } from '../../project.js';
import { finding, type StaticCheck } from '../check.js';

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/;
/** Variables that name where to listen or whom to let in, not what to reach. */
const NOT_A_DESTINATION = /BIND|LISTEN|ALLOW|TRUST|CIDR|SUBNET|MASK|RANGE|NETWORK|PROXIES|WHITELIST|BLOCK/i;
const DESTINATION = /HOST|URL|URI|ADDR|SERVER|ENDPOINT|DSN|CONNECTION|BROKER|REDIS|DATABASE|DB/i;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function containerNames(project: Project): RegExp | undefined {
  const services = Object.keys(project.services).map(escape);
  if (services.length === 0) return undefined;
  const p = escape(project.name);
  // Compose's <project>-<service>-1 / <project>_<service>_1 and Testbed's <project>-<set>-<service>-1.
  const generated = `\\b${p}[-_](?:[a-z0-9-]+[-_])?(?:${services.join('|')})[-_]\\d+\\b`;
  // A container_name, which Testbed gives the set's name as a suffix (plan/names.ts): only plain Compose resolves it.
  const given = Object.values(project.services)
    .map((s) => s.containerName)
    .filter((n): n is string => n !== undefined && !(n in project.services))
    .map((n) => `(?<![\\w.-])${escape(n)}(?:-[a-z0-9-]+)?(?![.\\w-])`);
  return new RegExp([generated, ...given].join('|'));
}

export const hardcodedAddresses: StaticCheck = {
  id: 'backing-services.hardcoded-addresses',
  factor: 'backing-services',
  title: 'IP addresses, container names or host-side names of other services in `environment`',
  run(input, service) {
    const fails: string[] = [];
    const warns: string[] = [];
    const names = containerNames(input.project);
    for (const [name, value] of Object.entries(service.environment)) {
      if (!value || NOT_A_DESTINATION.test(name)) continue;
      const ip = IPV4.exec(value);
      if (ip && ip[0] !== '0.0.0.0' && ip.slice(1).every((o) => Number(o) <= 255)) {
        if (ip[1] === '127') {
          if (DESTINATION.test(name)) warns.push(`${name}=${value}: inside a container ${ip[0]} is the container itself`);
        } else fails.push(`${name}=${value}: an IP address`);
        continue;
      }
      if (/\blocalhost\b/.test(value) && DESTINATION.test(name)) warns.push(`${name}=${value}: inside a container localhost is the container itself`);
      else if (names?.test(value)) fails.push(`${name}=${value}: a container name`);
      else if (/\b[a-z0-9-]+\.[a-z0-9-]+\.lan\b/.test(value)) fails.push(`${name}=${value}: a host-side name (testbed hosts)`);
      else if (/host\.docker\.internal/.test(value)) warns.push(`${name}=${value}: the Docker host, not a service`);
    }
    for (const entry of service.extraHosts) warns.push(`extra_hosts ${entry}: a fixed address`);
    const fix = 'Reach other services by their service name on the set\'s network (DB_HOST: db), or pass the address in from the environment.';
    if (fails.length) return [finding(this, service.name, 'fail', [...fails, ...warns].join('; '), fix)];
    if (warns.length) return [finding(this, service.name, 'warn', warns.join('; '), fix)];
    return [finding(this, service.name, 'pass', 'no fixed addresses in environment')];
  },
};
