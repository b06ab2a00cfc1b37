/**
 * Makes a set's network with an address range from Testbed's pool (plan/address-pool.ts), so
 * that sets are not limited by the engine's default pools. The free ranges are those no network
 * on the engine overlaps; removing a network frees its range, so there is nothing to release.
 * Two `up`s of different sets may pick the same range at once: the engine refuses the second
 * (its ranges never overlap), which then tries the next free one.
 */
import { NetworksExhaustedError, SubnetTakenError } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import {
  ADDRESS_POOL_VARIABLE,
  describePools,
  parseAddressPools,
  pickSubnet,
  poolSubnetCount,
  type AddressPool,
} from '../plan/address-pool.js';
import type { NetworkSpec } from '../plan/specs.js';

/** Testbed's pool from the environment (TESTBED_ADDRESS_POOL); undefined: the engine chooses. */
export function addressPools(env: Record<string, string | undefined> = process.env): AddressPool[] | undefined {
  return parseAddressPools(env[ADDRESS_POOL_VARIABLE]);
}

/**
 * Networks the pool gives a range to: bridge networks the file gives no ranges for. Other
 * drivers (macvlan, overlay...) take ranges of their own world, and a file's `ipam` is kept.
 */
export function takesPoolSubnet(spec: NetworkSpec): boolean {
  const bridge = spec.driver === undefined || spec.driver === 'bridge';
  return bridge && !(spec.ipam?.config ?? []).some((c) => c.subnet);
}

/**
 * Creates the network with the first free range of the pool, from where its name points; a
 * range taken meanwhile (by a concurrent `up`) is skipped and the next one tried. Resolves
 * once created; `exists` is asked after a refusal, in case the same network was made by another
 * command of the same set (then it is not an error).
 */
export async function createWithPoolSubnet(
  engine: Engine,
  spec: NetworkSpec,
  pools: AddressPool[],
  exists: () => Promise<boolean>,
): Promise<void> {
  const tried = new Set<string>();
  // Every round either succeeds or rules one subnet out: bounded by the pool's size.
  for (;;) {
    const used = (await engine.listNetworks({})).flatMap((n) => n.subnets);
    const subnet = pickSubnet(pools, spec.name, used, tried);
    if (subnet === undefined) {
      if (await exists()) return;
      throw exhausted(spec, pools, used.length);
    }
    try {
      await engine.createNetwork({ ...spec, ipam: { ...(spec.ipam?.driver ? { driver: spec.ipam.driver } : {}), config: [{ subnet }] } });
      return;
    } catch (err) {
      if (!(err instanceof SubnetTakenError)) throw err;
      if (await exists()) return;
      tried.add(subnet);
    }
  }
}

function exhausted(spec: NetworkSpec, pools: AddressPool[], engineRanges: number): NetworksExhaustedError {
  const count = poolSubnetCount(pools);
  return new NetworksExhaustedError(
    `no address range is left for network ${spec.name}: all ${count} subnet(s) of Testbed's pool (${describePools(pools)}) overlap networks on the engine (${engineRanges} range(s) in use)`,
    {
      hint:
        'Remove sets that are no longer needed (testbed ls; testbed destroy SET frees its networks), or give Testbed a larger pool or another one beside it, ' +
        `e.g. ${ADDRESS_POOL_VARIABLE}=10.199.0.0/16/25 (512 networks) or ${ADDRESS_POOL_VARIABLE}=10.199.0.0/16/24,10.198.0.0/16/24 (README: Networks).`,
      details: { network: spec.name, pools: pools.map((p) => `${p.base}/${p.size}`), subnets: count },
    },
  );
}
