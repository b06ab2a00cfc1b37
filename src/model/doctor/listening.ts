/**
 * Listening TCP sockets as /proc/net/tcp and /proc/net/tcp6 list them (addresses in hex,
 * little-endian per 32-bit word), reduced to port and reach: every interface, loopback only,
 * or one address.
 */
export interface ListeningSocket {
  port: number;
  reach: 'any' | 'loopback' | 'address';
  address: string;
}

/** One `local_address` field, e.g. 0100007F:1F90 or 00000000000000000000000000000000:0050. */
export function parseLocalAddress(field: string): ListeningSocket | undefined {
  const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(field.trim());
  if (!m) return undefined;
  const hex = m[1]!.toUpperCase();
  const port = Number.parseInt(m[2]!, 16);
  if (hex.length === 8) {
    const octets = [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    const address = octets.join('.');
    return { port, address, reach: address === '0.0.0.0' ? 'any' : octets[0] === 127 ? 'loopback' : 'address' };
  }
  if (/^0+$/.test(hex)) return { port, address: '::', reach: 'any' };
  if (hex === '00000000000000000000000001000000') return { port, address: '::1', reach: 'loopback' };
  // ::ffff:a.b.c.d
  if (hex.startsWith('0000000000000000FFFF0000')) {
    const v4 = parseLocalAddress(`${hex.slice(24)}:${m[2]}`)!;
    return { ...v4, address: `::ffff:${v4.address}` };
  }
  return { port, address: hex, reach: 'address' };
}

/** Local address fields, one per line (what the probe script prints), to sockets by port. */
export function parseListening(output: string): ListeningSocket[] {
  return output
    .split('\n')
    .map((line) => parseLocalAddress(line))
    .filter((s): s is ListeningSocket => s !== undefined);
}

/** A port is reachable by other containers when some socket on it is not loopback-only. */
export function reachable(sockets: readonly ListeningSocket[], port: number): boolean {
  return sockets.some((s) => s.port === port && s.reach !== 'loopback');
}
