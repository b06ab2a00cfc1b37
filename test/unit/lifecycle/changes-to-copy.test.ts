/**
 * Which paths rebuild a container's file system changes on its image (snapshot capture): the
 * topmost additions and the changed files, nothing under a mount, and no answer when copying
 * cannot rebuild them (a deletion, or too many paths).
 */
import { describe, expect, it } from 'vitest';
import type { ContainerMount, FileChange } from '../../../src/engine/engine.js';
import { changesToCopy, MAX_COPIED_CHANGES } from '../../../src/lifecycle/snapshot/capture-service.js';

const changed = (path: string): FileChange => ({ path, kind: 'changed' });
const added = (path: string): FileChange => ({ path, kind: 'added' });
const mount = (destination: string): ContainerMount => ({ type: 'volume', name: 'v', destination }) as ContainerMount;

describe('the changes a snapshot copies onto the service\'s image', () => {
  it('takes each added tree once, at its top, and the changed files, not the folders listed for what changed in them', () => {
    const changes = [changed('/etc'), changed('/etc/app.conf'), changed('/var'), changed('/var/lib'), added('/var/lib/app'), added('/var/lib/app/db'), added('/var/lib/app/db/x'), added('/run/app.pid'), changed('/run')];
    expect(changesToCopy(changes, [])).toEqual(['/etc/app.conf', '/run/app.pid', '/var/lib/app']);
  });

  it('keeps a changed folder with nothing changed below it (its own mode or owner changed)', () => {
    expect(changesToCopy([changed('/srv'), changed('/srv/www')], [])).toEqual(['/srv/www']);
  });

  it('leaves out what is at or under a mount, which is not the container\'s own layer', () => {
    const changes = [added('/data'), added('/data/rows'), changed('/cache'), added('/cache/a'), added('/database'), changed('/etc'), changed('/etc/x')];
    expect(changesToCopy(changes, [mount('/data'), mount('/cache')])).toEqual(['/database', '/etc/x']);
  });

  it('has no answer when the container deleted a file of its image, or changed too many paths', () => {
    expect(changesToCopy([changed('/etc'), { path: '/etc/motd', kind: 'deleted' }], [])).toBeUndefined();
    // A deletion under a mount is not the container's layer, and does not count.
    expect(changesToCopy([changed('/data'), { path: '/data/old', kind: 'deleted' }], [mount('/data')])).toEqual([]);
    const many = Array.from({ length: MAX_COPIED_CHANGES + 1 }, (_, i) => added(`/f${i}`));
    expect(changesToCopy(many, [])).toBeUndefined();
    expect(changesToCopy(many.slice(1), [])).toHaveLength(MAX_COPIED_CHANGES);
  });
});
