/**
 * Subnets the file gives (networks.*.ipam.config[].subnet) made per set. Two sets of one file
 * cannot both have 10.5.0.0/24: the first set to be made gets it, a later one the next free
 * block of the same size (within the same private range), and every address the file pins in
 * that subnet (gateway, ip_range, aux_addresses, services' ipv4_address) keeps its offset
 * inside the block. Pure: what is free is the caller's input (see lifecycle/set-ipam.ts).
 * Only IPv4 subnets move; IPv6 ones are used as written.
 */

export interface Cidr {
  base: number;
  bits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { base: address - (address % size), bits };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.bits}`;
}

function parseIp(text: string): number | undefined {
  const cidr = parseCidr(`${text}/32`);
  return cidr?.base;
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.bits);
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** The private range a subnet lies in, where its replacements are looked for. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

/** Blocks tried after the file's own before giving up: bounded, whatever the range. */
export const MAX_SUBNET_TRIES = 4096;

/**
 * The file's subnet when nothing taken overlaps it, else the next free block of its size in
 * its private range (wrapping around); undefined when there is none.
 */
export function chooseSubnet(wanted: string, taken: readonly string[]): string | undefined {
  const cidr = parseCidr(wanted);
  if (!cidr) return wanted;
  const blocked = taken.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const free = (c: Cidr) => !blocked.some((b) => overlaps(b, c));
  if (free(cidr)) return formatCidr(cidr);
  const range = PRIVATE.find((p) => overlaps(p, cidr) && p.bits <= cidr.bits);
  if (!range) return undefined;
  const blocks = size(range) / size(cidr);
  const start = (cidr.base - range.base) / size(cidr);
  for (let i = 1; i < Math.min(blocks, MAX_SUBNET_TRIES + 1); i++) {
    const candidate = { base: range.base + ((start + i) % blocks) * size(cidr), bits: cidr.bits };
    if (free(candidate)) return formatCidr(candidate);
  }
  return undefined;
}

/** An address of subnet `from` at the same offset in subnet `to`; as it is when it is not in `from`. */
export function relocateAddress(address: string, from: string, to: string): string {
  const a = parseIp(address);
  const f = parseCidr(from);
  const t = parseCidr(to);
  if (a === undefined || !f || !t || a < f.base || a >= f.base + size(f)) return address;
  return formatIp(t.base + (a - f.base));
}

/** An ip_range (a CIDR inside the subnet) moved the same way. */
export function relocateRange(range: string, from: string, to: string): string {
  const [address, bits] = range.split('/');
  return bits === undefined ? range : `${relocateAddress(address!, from, to)}/${bits}`;
}
