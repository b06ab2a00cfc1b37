/**
 * Issue 15: on Docker, x-testbed arbitrary_uid runs a service as the set's UID with group 0,
 * without capabilities, its writable_paths on volumes of their own; the file's user gives way.
 */
import { describe, expect, it } from 'vitest';
import { ARBITRARY_UID_MIN, ARBITRARY_UID_SPAN, pickArbitraryUid, prepareWritableSpec, PREPARE_SCRIPT } from '../../../src/plan/arbitrary-uid.js';
import { containerSpec } from '../../../src/plan/container-spec.js';
import { LABEL } from '../../../src/plan/labels.js';
import type { Service } from '../../../src/model/project.js';
import { project, service } from './fixtures.js';

function specOf(svc: Service, arbitraryUid?: number) {
  return containerSpec({
    project: project([svc]),
    set: 'demo',
    service: svc,
    replica: 1,
    address: '127.4.5.6',
    image: 'debian:bookworm-slim',
    publish: 'loopback',
    ...(arbitraryUid === undefined ? {} : { arbitraryUid }),
  });
}

describe('a service under an arbitrary UID', () => {
  const marked = service('web', {
    user: 'www-data',
    capDrop: ['NET_RAW'],
    volumes: [{ type: 'volume', source: 'cache', target: '/var/cache/app', readOnly: false, noCopy: false }],
    arbitraryUid: true,
    writablePaths: ['/var/cache/app', '/run/app'],
  });

  it('runs as the set\'s uid with group 0, all capabilities dropped, labelled with the uid', () => {
    const spec = specOf(marked, 1234567890);
    expect(spec.user).toBe('1234567890:0');
    expect(spec.capDrop).toEqual(['ALL', 'NET_RAW']);
    expect(spec.labels[LABEL.arbitraryUid]).toBe('1234567890');
  });

  it('gets an anonymous volume (filled from the image) for each writable path no mount covers already', () => {
    expect(specOf(marked, 1234567890).mounts).toEqual([
      { type: 'volume', source: 'shop-demo-cache', target: '/var/cache/app', readOnly: false, noCopy: false },
      { type: 'volume', source: '', target: '/run/app', readOnly: false, noCopy: false },
    ]);
  });

  it('is a different container for another uid (the config hash covers it), and the same for the same uid', () => {
    const hash = (uid: number) => specOf(marked, uid).labels[LABEL.configHash];
    expect(hash(1234567890)).toBe(hash(1234567890));
    expect(hash(1234567890)).not.toBe(hash(1234567891));
  });

  it('leaves services that are not marked as they are', () => {
    const plain = service('db', { user: '999' });
    expect(specOf(plain, 1234567890)).toEqual(specOf(plain));
    expect(specOf(plain, 1234567890).user).toBe('999');
  });

  it('picks uids in OpenShift\'s range', () => {
    expect(pickArbitraryUid(() => 0)).toBe(ARBITRARY_UID_MIN);
    expect(pickArbitraryUid(() => 0.999999999)).toBeLessThan(ARBITRARY_UID_MIN + ARBITRARY_UID_SPAN);
    expect(ARBITRARY_UID_MIN + ARBITRARY_UID_SPAN).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('is prepared by a root helper that mounts each volume without copying into it', () => {
    const spec = prepareWritableSpec({ project: 'shop', set: 'demo', service: 'web', runId: 'prep-1', volumes: ['shop-demo-cache', 'abc'] });
    expect(spec).toMatchObject({ image: 'busybox:latest', user: '0:0', command: ['sh', '-c', PREPARE_SCRIPT], networks: [] });
    expect(spec.labels).toMatchObject({ [LABEL.set]: 'demo', [LABEL.run]: 'prepare-writable/web' });
    expect(spec.mounts).toEqual([
      { type: 'volume', source: 'shop-demo-cache', target: '/testbed-writable/0', readOnly: false, noCopy: true },
      { type: 'volume', source: 'abc', target: '/testbed-writable/1', readOnly: false, noCopy: true },
    ]);
    expect(PREPARE_SCRIPT).toContain('chgrp -R 0');
    expect(PREPARE_SCRIPT).toContain('chmod -R g=u');
  });
});
