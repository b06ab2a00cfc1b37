import { describe, expect, it } from 'vitest';
import { canOverlay, COW_LABEL, dataVolumeName, overlayVolumeSpec, restoreMode } from '../../../src/plan/cow-volumes.js';

const spec = { name: 'shop-dev1-db-data', driverOpts: {}, labels: { 'dev.testbed.volume': 'db-data' } };
const sources = {
  lowerMountpoint: '/var/lib/docker/volumes/testbed-snapshot-data-0123/_data',
  lowerPath: 'db-data/data',
  layersMountpoint: '/var/lib/docker/volumes/shop-dev1-snapshot-layers/_data',
  key: 'db-data',
  lowerVolume: 'testbed-snapshot-data-0123',
};

describe('copy-on-write volumes of a set made from a snapshot', () => {
  it("are overlay mounts of the local driver: the snapshot's data below, the set's layer above", () => {
    expect(overlayVolumeSpec(spec, sources)).toEqual({
      spec: {
        name: 'shop-dev1-db-data',
        driver: 'local',
        driverOpts: {
          type: 'overlay',
          device: 'overlay',
          o:
            'lowerdir=/var/lib/docker/volumes/testbed-snapshot-data-0123/_data/db-data/data,' +
            'upperdir=/var/lib/docker/volumes/shop-dev1-snapshot-layers/_data/db-data/upper,' +
            'workdir=/var/lib/docker/volumes/shop-dev1-snapshot-layers/_data/db-data/work',
        },
        labels: { 'dev.testbed.volume': 'db-data', [COW_LABEL.lower]: 'testbed-snapshot-data-0123' },
      },
    });
  });

  it('are not made where a path cannot be written in mount options, nor for a volume with its own driver', () => {
    expect(overlayVolumeSpec(spec, { ...sources, layersMountpoint: '/data/a,b' })).toEqual({ problem: expect.stringContaining('/data/a,b') });
    expect(overlayVolumeSpec(spec, { ...sources, lowerMountpoint: '/x:y' })).toHaveProperty('problem');
    expect(canOverlay(spec)).toBe(true);
    expect(canOverlay({ ...spec, driver: 'local' })).toBe(true);
    expect(canOverlay({ ...spec, driver: 'nfs' })).toBe(false);
    expect(canOverlay({ ...spec, driverOpts: { type: 'tmpfs' } })).toBe(false);
  });

  it('share one data volume per data image, whatever reference it was found by', () => {
    expect(dataVolumeName('sha256:8331635fdf55456b314c2086914fea5873460835688f89e38153dd618b2d8fc3')).toBe('testbed-snapshot-data-8331635fdf55456b314c2086');
  });

  it('are the default; TESTBED_SNAPSHOT_RESTORE=copy copies, anything else is refused with the choices', () => {
    expect(restoreMode({})).toBe('auto');
    expect(restoreMode({ TESTBED_SNAPSHOT_RESTORE: 'copy' })).toBe('copy');
    expect(() => restoreMode({ TESTBED_SNAPSHOT_RESTORE: 'cow' })).toThrow(/not a restore mode/);
  });
});
