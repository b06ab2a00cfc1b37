/**
 * Loopback addresses for service replicas. Each replica of each set publishes its ports on
 * its own address in 127.0.0.0/8, so `8080:80` in two sets, or two MariaDB replicas on 3306,
 * never clash on the host. Addresses are recorded in labels and kept for the set's life.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../common/errors.js';

export interface AddressRequest {
  /** One per replica, e.g. `shop/demo/web/1` (see replicaKey). */
  keys: string[];
  /** Mixed into the hash; the same seed and key always give the same first candidate. */
  seed: string;
  /** Addresses the keys already have (read back from labels): kept as they are. */
  existing: Record<string, string>;
  /** Addresses in use elsewhere (other sets, other projects): never handed out. */
  taken: Set<string>;
}

/*
 * The pool is 127.1.0.1 - 127.254.255.254 without last octets 0 and 255: 127.0.x.x stays free
 * for 127.0.0.1 and friends, and .0/.255 are avoided because some tools take them for network
 * or broadcast addresses. Addresses are numbered 0..POOL_SIZE-1 in that order.
 */
const SECOND_OCTETS = 254; // 1..254
const THIRD_OCTETS = 256; // 0..255
const FOURTH_OCTETS = 254; // 1..254
export const POOL_SIZE = SECOND_OCTETS * THIRD_OCTETS * FOURTH_OCTETS;

/**
 * Key -> address for every requested key. Existing entries are kept; a new key gets the
 * address its hash points at, or the next free one after it. Keys are handled in sorted
 * order, so the result does not depend on the order they were given in.
 */
export function allocateAddresses(request: AddressRequest): Record<string, string> {
  const result: Record<string, string> = {};
  const used = new Set(request.taken);
  // Every existing address stays reserved, even of keys no longer requested (a replica scaled
  // away still holds its address until its container is removed).
  for (const address of Object.values(request.existing)) used.add(address);

  const keys = [...new Set(request.keys)].sort();
  for (const key of keys) {
    const kept = request.existing[key];
    if (kept !== undefined) result[key] = kept;
  }
  for (const key of keys) {
    if (result[key] !== undefined) continue;
    const address = probe(candidateIndex(request.seed, key), used);
    used.add(address);
    result[key] = address;
  }
  return Object.fromEntries(Object.keys(result).sort().map((key) => [key, result[key]!]));
}

/** True for addresses this allocator may hand out. */
export function isPoolAddress(address: string): boolean {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return false;
  const [a, b, c, d] = octets as [number, number, number, number];
  return a === 127 && b >= 1 && b <= 254 && c >= 0 && c <= 255 && d >= 1 && d <= 254;
}

function candidateIndex(seed: string, key: string): number {
  // 48 bits of the digest fit a double exactly; the modulo bias over ~16.5M slots is negligible.
  const digest = createHash('sha256').update(`${seed}\0${key}`).digest();
  return digest.readUIntBE(0, 6) % POOL_SIZE;
}

function probe(start: number, used: Set<string>): string {
  for (let step = 0; step < POOL_SIZE; step++) {
    const address = addressAt((start + step) % POOL_SIZE);
    if (!used.has(address)) return address;
  }
  throw new UsageError('no free loopback address is left in 127.1.0.1-127.254.255.254', {
    hint: 'Destroy sets that are no longer needed, then run the command again.',
  });
}

function addressAt(index: number): string {
  const d = 1 + (index % FOURTH_OCTETS);
  const c = Math.floor(index / FOURTH_OCTETS) % THIRD_OCTETS;
  const b = 1 + Math.floor(index / (FOURTH_OCTETS * THIRD_OCTETS));
  return `127.${b}.${c}.${d}`;
}
