import { describe, expect, it } from 'vitest';
import { allocateAddresses } from '../../../src/plan/address-allocator.js';
import { planSet, replicaKeys } from '../../../src/plan/set-plan.js';
import { deps, project, service } from './fixtures.js';

function shop() {
  return project(
    [
      service('web', {
        image: undefined,
        build: { context: '/src/shop/web', dockerfile: 'Dockerfile', args: {}, labels: {} },
        ports: [{ target: 80, published: 8080, protocol: 'tcp' }],
        dependsOn: deps('api'),
        networks: { default: { aliases: [] } },
      }),
      service('api', {
        image: 'shop/api:1',
        command: ['serve', '--port', '3000'],
        environment: { DB_HOST: 'db.demo.lan', LOG: null },
        expose: ['3000'],
        dependsOn: deps('db'),
        networks: { default: { aliases: [] }, back: { aliases: [] } },
        replicas: 2,
      }),
      service('db', {
        image: 'mariadb:11',
        ports: [{ target: 3306, protocol: 'tcp' }],
        volumes: [{ type: 'volume', source: 'data', target: '/var/lib/mysql', readOnly: false, noCopy: false }],
        networks: { back: { aliases: ['database'] } },
        healthcheck: { test: ['CMD-SHELL', 'mariadb-admin ping'], intervalMs: 5000, timeoutMs: 2000, retries: 5, startPeriodMs: 0, startIntervalMs: 500 },
      }),
    ],
    {
      networks: { back: { name: 'back', internal: true, external: false, labels: {}, enableIpv6: false } },
      volumes: { data: { name: 'data', external: false, driverOpts: {}, labels: {} } },
    },
  );
}

function plan(set: string) {
  const p = shop();
  const addresses = allocateAddresses({ keys: replicaKeys(p, set), seed: 'test', existing: {}, taken: new Set() });
  return planSet({ project: p, set, addresses, images: { web: 'testbed/shop-web:0123456789ab' }, publish: 'loopback' });
}

describe('set plan', () => {
  it('asks the allocator for every replica', () => {
    expect(replicaKeys(shop(), 'demo')).toEqual(['shop/demo/api/1', 'shop/demo/api/2', 'shop/demo/db/1', 'shop/demo/web/1']);
  });

  it('plans the same set byte for byte every time', () => {
    expect(JSON.stringify(plan('demo'))).toBe(JSON.stringify(plan('demo')));
  });

  it('plans a three-service set', () => {
    expect(plan('demo')).toMatchSnapshot();
  });

  it('fails loudly when the caller forgot an address or an image', () => {
    const images = { web: 'testbed/shop-web:0123456789ab' };
    expect(() => planSet({ project: shop(), set: 'demo', addresses: {}, images, publish: 'loopback' })).toThrow(
      'no address allocated for shop/demo/api/1',
    );
    const addresses = Object.fromEntries(replicaKeys(shop(), 'demo').map((key) => [key, '127.1.1.1']));
    expect(() => planSet({ project: shop(), set: 'demo', addresses, images: {}, publish: 'loopback' })).toThrow(
      'no image given for service web',
    );
  });
});
