import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../../src/engine/engine.js';
import { verdictOf } from '../../../src/lifecycle/service-failure.js';

function container(overrides: Partial<ContainerDetails>): ContainerDetails {
  return {
    id: 'c1',
    name: 'shop-demo-web-1',
    image: 'busybox:latest',
    imageId: 'sha256:0',
    state: 'running',
    labels: {},
    createdAt: new Date(0),
    restartCount: 0,
    healthLog: [],
    ports: [],
    portBindings: [],
    networks: {},
    networkIds: {},
    path: 'sh',
    args: [],
    env: [],
    mounts: [],
    user: '',
    workingDir: '',
    capAdd: [],
    privileged: false,
    readOnlyRootfs: false,
    ...overrides,
  };
}

describe('what a container tells while its set comes up', () => {
  const service = { oneShot: false, restartsBefore: 0 };
  const oneShot = { oneShot: true, restartsBefore: 0 };

  it('running is running; created or paused is not yet', () => {
    expect(verdictOf(container({}), service)).toBe('running');
    expect(verdictOf(container({ state: 'created' }), service)).toBe('not-running');
  });

  it('an exit is a failure, whatever its code, unless a one-shot exited 0', () => {
    expect(verdictOf(container({ state: 'exited', exitCode: 1 }), service)).toBe('exited');
    expect(verdictOf(container({ state: 'exited', exitCode: 0 }), service)).toBe('exited');
    expect(verdictOf(container({ state: 'exited', exitCode: 0 }), oneShot)).toBe('completed');
    expect(verdictOf(container({ state: 'exited', exitCode: 2 }), oneShot)).toBe('exited');
    expect(verdictOf(container({ state: 'dead' }), service)).toBe('exited');
  });

  it('a restart since up began is a failure, even once it runs again', () => {
    expect(verdictOf(container({ state: 'restarting', restartCount: 1 }), service)).toBe('restarted');
    expect(verdictOf(container({ state: 'running', restartCount: 1 }), service)).toBe('restarted');
    // Restarts from before this up (a set found running) do not count.
    expect(verdictOf(container({ state: 'running', restartCount: 3 }), { oneShot: false, restartsBefore: 3 })).toBe('running');
  });
});
