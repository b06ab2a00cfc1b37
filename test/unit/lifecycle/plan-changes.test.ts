/**
 * How a snapshot makes a container's file system changes again on its image (capture-service.ts):
 * the topmost additions and the changed files copied, the deletions listed, nothing under a
 * mount, and no plan when there are too many paths.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerMount, FileChange } from '../../../src/engine/engine.js';
import { MAX_COPIED_CHANGES, planChanges } from '../../../src/lifecycle/snapshot/capture-service.js';

const changed = (path: string): FileChange => ({ path, kind: 'changed' });
const added = (path: string): FileChange => ({ path, kind: 'added' });
const deleted = (path: string): FileChange => ({ path, kind: 'deleted' });
const mount = (destination: string): ContainerMount => ({ type: 'volume', name: 'v', destination }) as ContainerMount;

describe('the changes a snapshot makes again on the service\'s image', () => {
  it('copies each added tree once, at its top, and the changed files, not the folders listed for what changed in them', () => {
    const changes = [changed('/etc'), changed('/etc/app.conf'), changed('/var'), changed('/var/lib'), added('/var/lib/app'), added('/var/lib/app/db'), added('/var/lib/app/db/x'), added('/run/app.pid'), changed('/run')];
    expect(planChanges(changes, [])).toEqual({ copy: ['/etc/app.conf', '/run/app.pid', '/var/lib/app'], remove: [] });
  });

  it('copies a changed folder with nothing changed below it (its own mode or owner changed)', () => {
    expect(planChanges([changed('/srv'), changed('/srv/www')], [])).toEqual({ copy: ['/srv/www'], remove: [] });
  });

  it('lists what the container deleted, and copies no folder for it', () => {
    expect(planChanges([changed('/etc'), deleted('/etc/motd'), changed('/usr'), deleted('/usr/share/doc'), added('/etc/new')], [])).toEqual({
      copy: ['/etc/new'],
      remove: ['/etc/motd', '/usr/share/doc'],
    });
  });

  it('leaves out what is at or under a mount, which is not the container\'s own layer', () => {
    const changes = [added('/data'), added('/data/rows'), changed('/cache'), added('/cache/a'), deleted('/cache/old'), added('/database'), changed('/etc'), changed('/etc/x')];
    expect(planChanges(changes, [mount('/data'), mount('/cache')])).toEqual({ copy: ['/database', '/etc/x'], remove: [] });
  });

  it('has no plan for more than MAX_COPIED_CHANGES paths', () => {
    const many = Array.from({ length: MAX_COPIED_CHANGES + 1 }, (_, i) => added(`/f${i}`));
    expect(planChanges(many, [])).toBeUndefined();
    expect(planChanges([...many.slice(2), deleted('/gone')], [])?.copy).toHaveLength(MAX_COPIED_CHANGES - 1);
  });
});
