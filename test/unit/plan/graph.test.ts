import { describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../../src/common/errors.js';
import type { Service } from '../../../src/model/project.js';
import { awaitedToComplete, dependencyWaves, dependents, isOneShot, stopWaves, withDependencies } from '../../../src/plan/graph.js';
import { deps, service, services } from './fixtures.js';

describe('start waves', () => {
  it('starts independent services together, in name order', () => {
    expect(dependencyWaves(services(service('web'), service('db'), service('cache')))).toEqual([['cache', 'db', 'web']]);
  });

  it('starts a chain one service at a time', () => {
    const s = services(service('web', { dependsOn: deps('api') }), service('api', { dependsOn: deps('db') }), service('db'));
    expect(dependencyWaves(s)).toEqual([['db'], ['api'], ['web']]);
  });

  it('starts both sides of a diamond in parallel, after their shared dependency', () => {
    const s = services(
      service('top', { dependsOn: deps('left', 'right') }),
      service('left', { dependsOn: deps('base') }),
      service('right', { dependsOn: deps('base') }),
      service('base'),
    );
    expect(dependencyWaves(s)).toEqual([['base'], ['left', 'right'], ['top']]);
  });

  it('places a service after its deepest dependency', () => {
    const s = services(
      service('web', { dependsOn: deps('db', 'api') }),
      service('api', { dependsOn: deps('db') }),
      service('db'),
    );
    expect(dependencyWaves(s)).toEqual([['db'], ['api'], ['web']]);
  });

  it('brings a selected service up with its dependencies only', () => {
    const s = services(
      service('web', { dependsOn: deps('api') }),
      service('api', { dependsOn: deps('db') }),
      service('db'),
      service('admin', { dependsOn: deps('db') }),
      service('mail'),
    );
    expect(dependencyWaves(s, ['api'])).toEqual([['db'], ['api']]);
    expect(withDependencies(s, ['web', 'mail'])).toEqual(['api', 'db', 'mail', 'web']);
  });

  it('reports a dependency cycle with its path and position', () => {
    const s = services(
      service('b', { dependsOn: deps('a'), position: { file: '/src/compose.yaml', line: 7, col: 3 } }),
      service('a', { dependsOn: deps('b'), position: { file: '/src/compose.yaml', line: 3, col: 3 } }),
      service('c', { dependsOn: deps('a') }),
      service('d'),
    );
    expect(() => dependencyWaves(s)).toThrow(ConfigError);
    expect(() => dependencyWaves(s)).toThrow('/src/compose.yaml:3:3: dependency cycle in depends_on: a -> b -> a');
  });

  it('reports a service depending on itself', () => {
    expect(() => dependencyWaves(services(service('a', { dependsOn: deps('a') })))).toThrow('a -> a');
  });

  it('ignores an optional dependency on a missing service', () => {
    const s = services(
      service('web', { dependsOn: { metrics: { condition: 'service_started', required: false, restart: false } } }),
    );
    expect(dependencyWaves(s)).toEqual([['web']]);
  });

  it('rejects a required dependency on a missing service', () => {
    expect(() => dependencyWaves(services(service('web', { dependsOn: deps('db') })))).toThrow(
      'service web depends on db, which is not an active service',
    );
  });

  it('says which services exist when a selected one does not', () => {
    const s = services(service('web'), service('db'));
    expect(() => dependencyWaves(s, ['wbe'])).toThrow(NotFoundError);
    expect(() => dependencyWaves(s, ['wbe'])).toThrow('no service named wbe');
  });
});

describe('stop waves', () => {
  const s = services(
    service('web', { dependsOn: deps('api') }),
    service('api', { dependsOn: deps('db') }),
    service('db'),
    service('mail'),
  );

  it('stops in reverse start order', () => {
    expect(stopWaves(s)).toEqual([['web'], ['api'], ['db', 'mail']]);
  });

  it('stops a selected service after its dependents, and leaves its dependencies running', () => {
    expect(dependents(s, 'api')).toEqual(['web']);
    expect(dependents(s, 'db')).toEqual(['api', 'web']);
    expect(stopWaves(s, ['api'])).toEqual([['web'], ['api']]);
  });
});

describe('one-shot services', () => {
  const completes = (name: string): Service['dependsOn'] => ({
    [name]: { condition: 'service_completed_successfully', required: true, restart: false },
  });

  it('are those marked oneshot and those another service waits to complete', () => {
    const s = services(
      service('app', { dependsOn: { ...completes('migrate'), ...deps('db') } }),
      service('migrate'),
      service('db'),
      service('seed', { oneShot: true }),
    );
    expect(['app', 'migrate', 'db', 'seed'].filter((n) => isOneShot(s, n))).toEqual(['migrate', 'seed']);
    expect(awaitedToComplete(s, 'migrate')).toBe(true);
    expect(awaitedToComplete(s, 'seed')).toBe(false);
  });
});
