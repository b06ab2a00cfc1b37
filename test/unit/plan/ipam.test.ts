import { describe, expect, it } from 'vitest';
import { chooseSubnet, relocateAddress, relocateRange } from '../../../src/plan/ipam.js';
import { containerSpec } from '../../../src/plan/container-spec.js';
import { networkSpecs } from '../../../src/plan/resource-specs.js';
import { project, service } from './fixtures.js';

describe('subnets of the file, per set', () => {
  it('gives the file\'s subnet when nothing overlaps it', () => {
    expect(chooseSubnet('10.5.0.0/24', ['172.17.0.0/16'])).toBe('10.5.0.0/24');
  });

  it('gives the next free block of the same size when it is taken, within its private range', () => {
    expect(chooseSubnet('10.5.0.0/24', ['10.5.0.0/24'])).toBe('10.5.1.0/24');
    expect(chooseSubnet('10.5.0.0/24', ['10.5.0.0/23'])).toBe('10.5.2.0/24');
    expect(chooseSubnet('192.168.255.0/24', ['192.168.255.0/24'])).toBe('192.168.0.0/24');
  });

  it('says when no block is free', () => {
    expect(chooseSubnet('192.168.0.0/17', ['192.168.0.0/16'])).toBeUndefined();
  });

  it('moves an address to the same offset in the new block, and leaves others', () => {
    expect(relocateAddress('10.5.0.10', '10.5.0.0/24', '10.5.3.0/24')).toBe('10.5.3.10');
    expect(relocateAddress('10.9.0.10', '10.5.0.0/24', '10.5.3.0/24')).toBe('10.9.0.10');
    expect(relocateRange('10.5.0.128/25', '10.5.0.0/24', '10.5.3.0/24')).toBe('10.5.3.128/25');
  });

  it('plans the network and the fixed address in the subnet the set was given', () => {
    const web = service('web', { networks: { front: { aliases: [], ipv4Address: '10.5.0.10' } } });
    const p = project([web], {
      networks: { front: { name: 'front', internal: false, external: false, labels: {}, enableIpv6: false, ipam: { config: [{ subnet: '10.5.0.0/24', gateway: '10.5.0.1' }] } } },
    });
    const subnets = { front: { '10.5.0.0/24': '10.5.7.0/24' } };
    expect(networkSpecs(p, 'two', {}, subnets)[0]!.ipam).toEqual({ config: [{ subnet: '10.5.7.0/24', gateway: '10.5.7.1' }] });
    const spec = containerSpec({ project: p, set: 'two', service: web, replica: 1, address: '127.1.0.1', image: 'x', publish: 'loopback', subnets });
    expect(spec.networks[0]!.ipv4Address).toBe('10.5.7.10');
  });
});
