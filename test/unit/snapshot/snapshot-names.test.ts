import { describe, expect, it } from 'vitest';
import { isSnapshotReference, localSnapshotRef, parseImageRef, serviceImageRef, validateSnapshotName } from '../../../src/plan/snapshot-names.js';
import { baseEnvironment } from '../../../src/engine/docker/docker-images.js';

describe('snapshot names', () => {
  it('a local snapshot is a tag of testbed-snapshot/<project>; service images add .<service>', () => {
    expect(localSnapshotRef('shop', 'seeded')).toBe('testbed-snapshot/shop:seeded');
    expect(serviceImageRef('testbed-snapshot/shop:seeded', 'db')).toBe('testbed-snapshot/shop:seeded.db');
    expect(serviceImageRef('registry.example:5000/team/wiki', 'web')).toBe('registry.example:5000/team/wiki:latest.web');
  });

  it('parses references with a registry port, and names without one', () => {
    expect(parseImageRef('127.0.0.1:5000/team/x:v1')).toEqual({ repository: '127.0.0.1:5000/team/x', tag: 'v1' });
    expect(parseImageRef('127.0.0.1:5000/team/x')).toEqual({ repository: '127.0.0.1:5000/team/x', tag: 'latest' });
    expect(() => parseImageRef('Team/X:v1')).toThrow(/not an image reference/);
    expect(() => parseImageRef('x@sha256:abc')).toThrow(/not a digest/);
  });

  it('tells names from references', () => {
    expect(isSnapshotReference('seeded')).toBe(false);
    expect(isSnapshotReference('team/seeded')).toBe(true);
    expect(isSnapshotReference('seeded:v1')).toBe(true);
  });

  it('accepts DNS-like names only, so the service suffix cannot be confused', () => {
    for (const ok of ['seeded', 'wiki-2024', 'a']) expect(() => validateSnapshotName(ok)).not.toThrow();
    for (const bad of ['Seeded', 'a.b', 'a_b', '-a', 'a-', '']) expect(() => validateSnapshotName(bad)).toThrow(/invalid snapshot name/);
  });
});

describe('a committed image keeps its base image environment', () => {
  it("keeps the image's values and only the names of what the container added", () => {
    expect(baseEnvironment(['PATH=/bin', 'PGDATA=/d'], ['PATH=/bin', 'PGDATA=/d', 'POSTGRES_PASSWORD=secret', 'PATH2=x'])).toEqual([
      'PATH=/bin',
      'PGDATA=/d',
      'POSTGRES_PASSWORD',
      'PATH2',
    ]);
  });
});
