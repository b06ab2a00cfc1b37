/**
 * The IPv4 ranges a set's networks are given, from Testbed's own address pool rather than the
 * engine's: Docker's default pools hold about 31 bridge networks (15 /16s in 172.17-31 and 16
 * /20s in 192.168), fewer than a busy machine's sets need. A pool is a base range cut into
 * subnets of one size; a network gets the first free subnet from the one its key hashes to,
 * so a set usually gets the same subnet back and concurrent `up`s of different sets rarely
 * reach for the same one. Pure: which subnets are in use is the caller's to find out.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../common/errors.js';

export interface AddressPool {
  /** The base range, e.g. 10.199.0.0/16. */
  base: string;
  /** The prefix length of each network's subnet, e.g. 24. */
  size: number;
}

/**
 * 10.199.0.0/16 in /24s: 256 networks of 254 addresses. Outside Docker's default pools
 * (172.17-31.0.0/16, 192.168.0.0/16) and away from the ranges LANs, VPNs and cluster tools take
 * by default (10.0-10.10, 10.8 OpenVPN, 10.42/43 k3s, 10.96/12 Kubernetes services, 10.244
 * flannel, 10.64/10 Mullvad, 192.168 home routers, 100.64/10 Tailscale and carrier NAT,
 * 198.18/15 fake-IP proxies). README's "Networks" section explains the choice.
 */
export const DEFAULT_ADDRESS_POOL = '10.199.0.0/16/24';
/** The environment variable that sets the pool; `engine` leaves the choice to the engine. */
export const ADDRESS_POOL_VARIABLE = 'TESTBED_ADDRESS_POOL';
/** More subnets than this in one pool would make the free-subnet search slow for no use. */
const MAX_SUBNETS_PER_POOL = 1 << 16;

/**
 * `10.199.0.0/16/24` (a base and the size of each subnet), `10.199.0.0/16` (in /24s), several
 * separated by commas; `engine` (the engine's own pools): undefined.
 */
export function parseAddressPools(text: string | undefined): AddressPool[] | undefined {
  const value = (text ?? '').trim() || DEFAULT_ADDRESS_POOL;
  if (value === 'engine') return undefined;
  return value.split(',').map((part) => parsePool(part.trim(), value));
}

function parsePool(part: string, whole: string): AddressPool {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})(?:\/(\d{1,2}))?$/.exec(part);
  const bad = (why: string) =>
    new UsageError(`${ADDRESS_POOL_VARIABLE}=${whole}: ${part ? `"${part}" ` : ''}${why}`, {
      hint: `Give BASE/PREFIX[/SIZE], comma-separated for several, e.g. ${ADDRESS_POOL_VARIABLE}=${DEFAULT_ADDRESS_POOL} (the default: 256 networks of /24), or ${ADDRESS_POOL_VARIABLE}=engine to let the engine choose.`,
    });
  if (!match) throw bad('is not an address range');
  const address = toNumber(match[1]!);
  const prefix = Number(match[2]);
  const size = match[3] === undefined ? Math.max(prefix, 24) : Number(match[3]);
  if (address === undefined || prefix > 30) throw bad('is not an IPv4 range (a.b.c.d/0-30)');
  if (size < prefix || size > 30) throw bad(`has a subnet size /${size} outside /${prefix}../30`);
  if (2 ** (size - prefix) > MAX_SUBNETS_PER_POOL) throw bad(`would hold ${2 ** (size - prefix)} subnets; at most ${MAX_SUBNETS_PER_POOL}: use a larger SIZE`);
  if ((address & mask(prefix)) >>> 0 !== address) throw bad(`has host bits set: the range starts at ${toText((address & mask(prefix)) >>> 0)}`);
  return { base: `${match[1]}/${prefix}`, size };
}

export function poolSubnetCount(pools: AddressPool[]): number {
  return pools.reduce((sum, p) => sum + 2 ** (p.size - prefixOf(p.base)), 0);
}

export function describePools(pools: AddressPool[]): string {
  return pools.map((p) => `${p.base} in /${p.size}s`).join(', ');
}

/**
 * The first subnet of the pools, from the one `key` hashes to, that overlaps none of `used`
 * (CIDRs of the engine's networks; IPv6 ones are ignored) and is not in `skip`; undefined when
 * none is left.
 */
export function pickSubnet(pools: AddressPool[], key: string, used: string[], skip: ReadonlySet<string> = new Set()): string | undefined {
  const total = poolSubnetCount(pools);
  if (total === 0) return undefined;
  const taken = used.flatMap((cidr) => {
    const range = toRange(cidr);
    return range ? [range] : [];
  });
  const start = createHash('sha256').update(key).digest().readUIntBE(0, 6) % total;
  for (let step = 0; step < total; step++) {
    const subnet = subnetAt(pools, (start + step) % total);
    if (skip.has(subnet)) continue;
    const range = toRange(subnet)!;
    if (!taken.some((t) => t.first <= range.last && range.first <= t.last)) return subnet;
  }
  return undefined;
}

/** True when `cidr` lies inside one of the pools (IPv4 only). */
export function inPools(pools: AddressPool[], cidr: string): boolean {
  const range = toRange(cidr);
  if (!range) return false;
  return pools.some((p) => {
    const pool = toRange(p.base)!;
    return pool.first <= range.first && range.last <= pool.last;
  });
}

function subnetAt(pools: AddressPool[], index: number): string {
  let rest = index;
  for (const pool of pools) {
    const count = 2 ** (pool.size - prefixOf(pool.base));
    if (rest < count) return `${toText(toRange(pool.base)!.first + rest * 2 ** (32 - pool.size))}/${pool.size}`;
    rest -= count;
  }
  throw new Error(`subnetAt: index ${index} is past the pools`);
}

interface Range {
  first: number;
  last: number;
}

function toRange(cidr: string): Range | undefined {
  const [address, prefixText] = cidr.split('/');
  const first = toNumber(address ?? '');
  const prefix = Number(prefixText ?? '32');
  if (first === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const start = (first & mask(prefix)) >>> 0;
  return { first: start, last: start + 2 ** (32 - prefix) - 1 };
}

function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

function toNumber(address: string): number | undefined {
  const octets = address.split('.');
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return octets.reduce((n, o) => n * 256 + Number(o), 0);
}

function toText(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
