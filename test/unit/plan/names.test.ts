import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/common/errors.js';
import {
  builtImageTag,
  containerName,
  engineNetworkName,
  engineVolumeName,
  networkName,
  replicaDomain,
  serviceDomain,
  validateSetName,
  volumeName,
} from '../../../src/plan/names.js';
import { project, service } from './fixtures.js';

describe('set names', () => {
  it.each(['demo', 'pr-42', 'a', 'x'.repeat(40)])('accepts %s', (name) => {
    expect(() => validateSetName(name)).not.toThrow();
  });

  it.each(['', 'Demo', '42pr', 'pr_42', 'demo-', 'de.mo', 'x'.repeat(41)])('rejects %j with a hint', (name) => {
    expect(() => validateSetName(name)).toThrow(UsageError);
    try {
      validateSetName(name);
    } catch (err) {
      expect((err as UsageError).hint).toMatch(/DNS label/);
    }
  });
});

describe('engine and DNS names', () => {
  it('scopes containers, networks and volumes by project and set', () => {
    expect(containerName('shop', 'demo', 'web', 2)).toBe('shop-demo-web-2');
    expect(networkName('shop', 'demo', 'default')).toBe('shop-demo-default');
    expect(volumeName('shop', 'demo', 'data')).toBe('shop-demo-data');
  });

  it('names services and replicas under <set>.lan', () => {
    expect(serviceDomain('web', 'demo')).toBe('web.demo.lan');
    expect(replicaDomain('web', 3, 'demo')).toBe('web-3.demo.lan');
  });

  it('tags built images by project, service and 12 characters of the build hash', () => {
    expect(builtImageTag('shop', 'Web', 'abcdef0123456789abcdef')).toBe('testbed/shop-web:abcdef012345');
  });

  it('keeps the engine name of external networks and volumes', () => {
    const p = project([service('web')], {
      networks: {
        edge: { name: 'edge', internal: false, external: true, externalName: 'proxy-net', labels: {}, enableIpv6: false },
        ext: { name: 'ext', internal: false, external: true, labels: {}, enableIpv6: false },
      },
      volumes: { cache: { name: 'cache', external: true, driverOpts: {}, labels: {} } },
    });
    expect(engineNetworkName(p, 'demo', 'edge')).toBe('proxy-net');
    expect(engineNetworkName(p, 'demo', 'ext')).toBe('ext');
    expect(engineNetworkName(p, 'demo', 'default')).toBe('shop-demo-default');
    expect(engineVolumeName(p, 'demo', 'cache')).toBe('cache');
    expect(engineVolumeName(p, 'demo', 'data')).toBe('shop-demo-data');
  });
});
