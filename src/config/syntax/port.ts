/**
 * Compose's short port syntax: `[[HOST_IP:][HOST_PORT[-END]]:]CONTAINER_PORT[-END][/PROTOCOL]`,
 * e.g. "80", "8080:80", "127.0.0.1:8080:80/udp", "3000-3005", "[::1]:8080:80", "127.0.0.1::80".
 * Split from the right, as Docker does, so IPv6 host addresses work.
 */
import { parsed, rejected, type Parsed } from '../../common/parsed.js';

export const PORT_EXPECTED = '"[HOST_IP:]HOST:CONTAINER[/PROTOCOL]"';

/** One port mapping as written; the model uses this shape as its PortMapping. */
export interface ParsedPort {
  target: number;
  targetEnd?: number;
  published?: number;
  publishedEnd?: number;
  hostIp?: string;
  protocol: 'tcp' | 'udp';
  /** Long syntax only: metadata kept for `testbed config`. */
  name?: string;
  appProtocol?: string;
  mode?: 'host' | 'ingress';
}

export interface PortRange {
  start: number;
  end?: number;
}

export function parsePortRange(text: string): Parsed<PortRange> {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return rejected();
  const start = Number(match[1]);
  const end = match[2] === undefined ? undefined : Number(match[2]);
  for (const port of [start, end]) {
    if (port !== undefined && (port < 1 || port > 65535)) return rejected(`port ${port} is out of range 1-65535`);
  }
  if (end !== undefined && end < start) return rejected(`range ${text} ends before it starts`);
  return parsed(end === undefined || end === start ? { start } : { start, end });
}

export function parseProtocol(text: string | undefined): Parsed<'tcp' | 'udp'> {
  const protocol = (text ?? 'tcp').toLowerCase();
  return protocol === 'tcp' || protocol === 'udp' ? parsed(protocol) : rejected(`protocol "${text}" is not tcp or udp`);
}

export function parsePortSpec(spec: string | number): Parsed<ParsedPort> {
  const text = String(spec).trim();
  const slash = text.lastIndexOf('/');
  const protocol = parseProtocol(slash >= 0 ? text.slice(slash + 1) : undefined);
  if (!protocol.ok) return protocol;
  const parts = (slash >= 0 ? text.slice(0, slash) : text).split(':');
  const container = parsePortRange(parts.pop() ?? '');
  if (!container.ok) return container;
  const port: ParsedPort = { target: container.value.start, protocol: protocol.value };
  if (container.value.end !== undefined) port.targetEnd = container.value.end;
  if (parts.length === 0) return parsed(port);

  const hostPort = parts.pop()!;
  if (hostPort !== '') {
    const host = parsePortRange(hostPort);
    if (!host.ok) return host;
    const hostSize = (host.value.end ?? host.value.start) - host.value.start;
    const containerSize = (container.value.end ?? container.value.start) - container.value.start;
    // A host range for one container port means "any free port of the range"; otherwise sizes must agree.
    if (containerSize > 0 && hostSize !== containerSize) {
      return rejected(`host range ${hostPort} and container range ${container.value.start}-${container.value.end} differ in size`);
    }
    port.published = host.value.start;
    if (host.value.end !== undefined) port.publishedEnd = host.value.end;
  }
  if (parts.length > 0) {
    const ip = parts.join(':').replace(/^\[(.*)\]$/, '$1');
    if (!isIpAddress(ip)) return rejected(`"${ip}" is not an IP address`);
    port.hostIp = ip;
  }
  return parsed(port);
}

export function isIpAddress(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}

/** Compose's identity of a port when merging files: {ip, target, published, protocol}. */
export function portIdentity(port: ParsedPort): string {
  const range = (start?: number, end?: number) => (start === undefined ? '' : end === undefined ? `${start}` : `${start}-${end}`);
  return [port.hostIp ?? '', range(port.published, port.publishedEnd), range(port.target, port.targetEnd), port.protocol].join('|');
}
