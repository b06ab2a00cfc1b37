/** Every engine call is bounded, and an interrupt abandons calls in flight: against an engine that stalls. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineTimeoutError, EngineUnreachableError, InterruptedError, UsageError } from '../../../src/common/errors.js';
import { connectEngine, DEFAULT_ENGINE_TIMEOUT_MS, engineTimeout } from '../../../src/engine/connect.js';
import { AFTER_INTERRUPT_MS, deadline, HEAVY_FACTOR } from '../../../src/engine/docker/request-limits.js';
import { stalledEngine, type StalledEngine } from '../../support/stalled-engine.js';

describe('how long an engine call may go unanswered', () => {
  const T = 1000;

  it('a plain call gets the engine timeout; waiting for a container to stop is not bounded here', () => {
    expect(deadline({ path: '/containers/json?', method: 'GET' }, T)).toBe(T);
    expect(deadline({ path: '/containers/abc/logs?', method: 'GET' }, T)).toBe(T);
    expect(deadline({ path: '/containers/abc/wait?', method: 'POST' }, T)).toBeUndefined();
  });

  it('a stop gets its grace period on top; calls that work through data get more', () => {
    expect(deadline({ path: '/containers/abc/stop?', method: 'POST', options: { t: 30 } }, T)).toBe(T + 30_000);
    expect(deadline({ path: '/containers/abc/stop?', method: 'POST', options: {} }, T)).toBe(T * HEAVY_FACTOR);
    expect(deadline({ path: '/commit?', method: 'POST' }, T)).toBe(T * HEAVY_FACTOR);
    expect(deadline({ path: '/volumes/data', method: 'DELETE' }, T)).toBe(T * HEAVY_FACTOR);
    expect(deadline({ path: '/containers/abc/archive?', method: 'PUT' }, T)).toBe(T * HEAVY_FACTOR);
    expect(deadline({ path: '/v1.41/build?', method: 'POST' }, T)).toBe(T * HEAVY_FACTOR);
    // A snapshot helper's create fills its volumes from the image before the engine answers.
    expect(deadline({ path: '/containers/create?', method: 'POST', options: { Labels: { 'dev.testbed.snapshot.helper': 'restore a' } } }, T)).toBe(T * HEAVY_FACTOR);
    expect(deadline({ path: '/containers/create?', method: 'POST', options: { Labels: { 'dev.testbed.set': 'a' } } }, T)).toBe(T);
  });

  it('0 turns the bound off', () => {
    expect(deadline({ path: '/containers/json?', method: 'GET' }, 0)).toBeUndefined();
  });

  it('TESTBED_ENGINE_TIMEOUT takes seconds or a duration, and says what is wrong with anything else', () => {
    expect(engineTimeout({})).toBe(DEFAULT_ENGINE_TIMEOUT_MS);
    expect(engineTimeout({ TESTBED_ENGINE_TIMEOUT: '90' })).toBe(90_000);
    expect(engineTimeout({ TESTBED_ENGINE_TIMEOUT: '2m' })).toBe(120_000);
    expect(engineTimeout({ TESTBED_ENGINE_TIMEOUT: '0' })).toBe(0);
    expect(() => engineTimeout({ TESTBED_ENGINE_TIMEOUT: 'soon' })).toThrow(UsageError);
  });
});

describe('reaching an engine', () => {
  it('waits for a busy engine that takes the connection and answers its ping late', async () => {
    const engine = await stalledEngine({ pingDelayMs: 3500 });
    try {
      const client = await connectEngine({ env: { DOCKER_HOST: engine.dockerHost }, timeoutMs: 10_000 });
      expect(client.local).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('says an engine that takes the connection and never answers timed out, and one that is not there is unreachable', async () => {
    const engine = await stalledEngine({ pingDelayMs: Infinity });
    try {
      const err = await connectEngine({ env: { DOCKER_HOST: engine.dockerHost }, timeoutMs: 300 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineTimeoutError);
      expect((err as EngineTimeoutError).message).toContain('ping');
    } finally {
      await engine.close();
    }
    const gone = await connectEngine({ env: { DOCKER_HOST: `${engine.dockerHost}.gone` }, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(EngineUnreachableError);
  });
});

describe('an engine that answers ping, then stalls', () => {
  let engine: StalledEngine;
  beforeEach(async () => {
    engine = await stalledEngine();
  });
  afterEach(() => engine.close());

  it('fails a call with ENGINE_TIMEOUT, naming the call and the engine, once the timeout has passed', async () => {
    const client = await connectEngine({ env: { DOCKER_HOST: engine.dockerHost }, timeoutMs: 300 });
    const at = Date.now();
    const err = await client.listContainers({ 'dev.testbed.set': 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineTimeoutError);
    expect((err as EngineTimeoutError).message).toContain('list containers');
    expect((err as EngineTimeoutError).message).toContain(engine.dockerHost);
    expect((err as EngineTimeoutError).hint).toContain('TESTBED_ENGINE_TIMEOUT');
    expect(Date.now() - at).toBeGreaterThanOrEqual(290);
    expect(Date.now() - at).toBeLessThan(3000);
  });

  it('abandons calls in flight at once when the signal aborts', async () => {
    const controller = new AbortController();
    const client = await connectEngine({ env: { DOCKER_HOST: engine.dockerHost }, timeoutMs: 60_000, signal: controller.signal });
    const pending = client.inspectContainer('web').catch((e: unknown) => e);
    await engine.firstStall;
    const at = Date.now();
    controller.abort();
    expect(await pending).toBeInstanceOf(InterruptedError);
    expect(Date.now() - at).toBeLessThan(1000);
  });

  it('bounds calls made after the interrupt (cleanup, like removing a one-off container) by a few seconds', async () => {
    const controller = new AbortController();
    const client = await connectEngine({ env: { DOCKER_HOST: engine.dockerHost }, timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    const at = Date.now();
    const err = await client.removeContainer('one-off').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineTimeoutError);
    expect(Date.now() - at).toBeGreaterThanOrEqual(AFTER_INTERRUPT_MS - 50);
    expect(Date.now() - at).toBeLessThan(AFTER_INTERRUPT_MS + 2000);
  });
});
