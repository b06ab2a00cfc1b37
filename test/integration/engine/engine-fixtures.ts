/**
 * What the engine tests share: a connected engine, specs with defaults, and cleanup of
 * everything one test file made (found by its own run label, never by the shared test label).
 */
import { connectEngine } from '../../../src/engine/connect.js';
import type { Engine } from '../../../src/engine/engine.js';
import { LABEL } from '../../../src/plan/labels.js';
import type { ContainerSpec, Labels } from '../../../src/plan/specs.js';
import { uniqueName } from '../../support/engine.js';

export const IMAGE = 'busybox:latest';

export interface EngineFixture {
  engine: Engine;
  /** Labels for everything this test file creates. */
  labels: Labels;
  /** A unique, DNS-safe name for one object. */
  name(prefix: string): string;
  spec(name: string, overrides?: Partial<ContainerSpec>): ContainerSpec;
  /** Removes every container, network, volume and image with this file's labels. */
  cleanup(): Promise<void>;
}

export async function engineFixture(prefix: string): Promise<EngineFixture> {
  const engine = await connectEngine();
  const run = uniqueName(prefix);
  const labels: Labels = { [LABEL.test]: '1', [LABEL.project]: run };
  return {
    engine,
    labels,
    name: (p) => uniqueName(`${run}-${p}`),
    spec: (name, overrides = {}) => ({
      name,
      image: IMAGE,
      labels: { ...labels },
      command: ['sleep', '300'],
      env: [],
      exposedPorts: [],
      portBindings: [],
      mounts: [],
      networks: [],
      restart: { name: 'no' },
      capAdd: [],
      capDrop: [],
      readOnly: false,
      tmpfs: {},
      extraHosts: [],
      stopTimeoutSeconds: 1,
      ...overrides,
    }),
    async cleanup() {
      for (const c of await engine.listContainers(labels)) await engine.removeContainer(c.id);
      for (const n of await engine.listNetworks(labels)) await engine.removeNetwork(n.name);
      for (const v of await engine.listVolumes(labels)) await engine.removeVolume(v.name);
      for (const image of await engine.listImages(labels)) {
        for (const ref of image.tags.length > 0 ? image.tags : [image.id]) await engine.removeImage(ref);
      }
    },
  };
}

/** Collects an async iterable, for short finite streams. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Polls until check() passes or the time is up; returns the last value. */
export async function eventually<T>(get: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
