/**
 * Where a service replica's ports appear on the host. In `loopback` mode each replica
 * publishes on its own loopback address with the port numbers the file says, so sets never
 * clash and `web.demo.lan:80` just works; `ephemeral` mode serves engines where only
 * 127.0.0.1 is reachable, with random host ports. Nothing goes on another interface unless
 * the file names that interface.
 */
import type { PortMapping } from '../model/project.js';
import type { PortBinding } from './specs.js';

export type PublishMode = 'loopback' | 'ephemeral';

/** One binding per container port (ranges expanded), duplicates dropped, in the file's order. */
export function portBindings(ports: PortMapping[], address: string, publish: PublishMode): PortBinding[] {
  const bindings: PortBinding[] = [];
  const seen = new Set<string>();
  for (const port of ports) {
    const count = (port.targetEnd ?? port.target) - port.target + 1;
    for (let offset = 0; offset < count; offset++) {
      const binding: PortBinding = {
        containerPort: `${port.target + offset}/${port.protocol}`,
        hostIp: hostIp(port.hostIp, address, publish),
        hostPort: publish === 'ephemeral' ? '' : hostPort(port, offset, count),
      };
      const key = `${binding.hostIp}|${binding.hostPort}|${binding.containerPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      bindings.push(binding);
    }
  }
  return bindings;
}

/** Every port published or `expose`d, as "80/tcp", sorted by number then protocol (their order means nothing). */
export function exposedPorts(ports: PortMapping[], expose: string[]): string[] {
  const all = new Set<string>();
  for (const port of ports) {
    for (let p = port.target; p <= (port.targetEnd ?? port.target); p++) all.add(`${p}/${port.protocol}`);
  }
  for (const entry of expose) for (const p of parseExpose(entry)) all.add(p);
  return [...all].sort(byPortThenProtocol);
}

/**
 * A loopback host IP in the file (127.x, ::1, localhost) means "local only": that intent is
 * kept, but on the replica's own address so that sets do not clash. Any other IP the file
 * gives (0.0.0.0 included) is used as written.
 */
function hostIp(fileIp: string | undefined, address: string, publish: PublishMode): string {
  if (fileIp && !isLoopback(fileIp)) return fileIp;
  return publish === 'loopback' ? address : '127.0.0.1';
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === '[::1]' || ip === 'localhost';
}

function hostPort(port: PortMapping, offset: number, count: number): string {
  // No published port: the container's own number, on the replica's own address.
  if (port.published === undefined) return String(port.target + offset);
  // "8000-8010:80": one container port, any host port of the range (the engine picks).
  if (count === 1 && port.publishedEnd !== undefined && port.publishedEnd !== port.published) {
    return `${port.published}-${port.publishedEnd}`;
  }
  return String(port.published + offset);
}

/** "3000", "3000-3005", "3000/udp", "3000-3005/tcp". Anything else is passed on for the engine to judge. */
function parseExpose(entry: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/([a-z]+))?$/.exec(entry.trim());
  if (!match) return [entry.includes('/') ? entry : `${entry}/tcp`];
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  const protocol = match[3] ?? 'tcp';
  const out: string[] = [];
  for (let p = first; p <= last; p++) out.push(`${p}/${protocol}`);
  return out;
}

function byPortThenProtocol(a: string, b: string): number {
  const [pa = '', qa = ''] = a.split('/');
  const [pb = '', qb = ''] = b.split('/');
  return Number(pa) - Number(pb) || (qa < qb ? -1 : qa > qb ? 1 : 0) || (a < b ? -1 : a > b ? 1 : 0);
}
