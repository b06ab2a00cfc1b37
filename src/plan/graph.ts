/**
 * The depends_on graph: which services start together, in which order, and what a
 * selection of services drags along. Waves let independent services start in parallel
 * while each service still starts after everything it depends on.
 */
import { ConfigError, NotFoundError, type ConfigIssue } from '../common/errors.js';
import type { Service } from '../model/project.js';

type Services = Record<string, Service>;

/**
 * Waves of service names in start order: every service depends only on services of earlier
 * waves. `selected` restricts the result to those services and their transitive dependencies.
 * Names inside a wave are sorted, so the same project always gives the same waves.
 */
export function dependencyWaves(services: Services, selected?: string[]): string[][] {
  checkDependencies(services);
  const nodes = selected ? withDependencies(services, selected) : Object.keys(services);
  return layers(services, nodes);
}

/**
 * The reverse of the start order, for stopping. A selection takes its dependents along
 * (not its dependencies): stopping `db` must not leave `web` running against nothing,
 * and stopping `web` has no reason to stop `db`.
 */
export function stopWaves(services: Services, selected?: string[]): string[][] {
  checkDependencies(services);
  let nodes = Object.keys(services);
  if (selected) {
    checkKnown(services, selected);
    nodes = unique([...selected, ...selected.flatMap((name) => dependents(services, name))]);
  }
  return layers(services, nodes).reverse();
}

/** The names given and every service they depend on, directly or not; sorted. */
export function withDependencies(services: Services, names: string[]): string[] {
  checkKnown(services, names);
  return closure(names, (name) => dependenciesOf(services, name));
}

/** Every service that depends on `name`, directly or not; sorted, without `name` itself. */
export function dependents(services: Services, name: string): string[] {
  checkKnown(services, [name]);
  const reverse = new Map<string, string[]>();
  for (const service of Object.keys(services)) {
    for (const dep of dependenciesOf(services, service)) {
      reverse.set(dep, [...(reverse.get(dep) ?? []), service]);
    }
  }
  return closure([name], (n) => reverse.get(n) ?? []).filter((n) => n !== name);
}

/** Services that others wait for to finish (`condition: service_completed_successfully`). */
export function awaitedToComplete(services: Services, name: string): boolean {
  return Object.values(services).some((s) => s.dependsOn[name]?.condition === 'service_completed_successfully');
}

/**
 * A one-shot service runs to completion: exiting 0 while the set comes up is its success, not
 * a failure. It is one when the file marks it (`x-testbed.oneshot`) or others wait for it to finish.
 */
export function isOneShot(services: Services, name: string): boolean {
  return Boolean(services[name]?.oneShot) || awaitedToComplete(services, name);
}

/** The dependencies of a service that exist; a missing optional one (`required: false`) is no edge. */
function dependenciesOf(services: Services, name: string): string[] {
  return Object.keys(services[name]?.dependsOn ?? {}).filter((dep) => Object.hasOwn(services, dep));
}

/** Kahn's algorithm by levels, over the subgraph of `nodes` (edges leaving it are ignored). */
function layers(services: Services, nodes: string[]): string[][] {
  // Placed services leave `remaining`, as do services outside `nodes`: a service is ready
  // once none of its dependencies is still waiting.
  const remaining = new Set(nodes);
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const wave = [...remaining]
      .filter((name) => dependenciesOf(services, name).every((dep) => !remaining.has(dep)))
      .sort();
    if (wave.length === 0) throw cycleError(services, remaining);
    for (const name of wave) remaining.delete(name);
    waves.push(wave);
  }
  return waves;
}

/**
 * Every service left unplaced has a dependency that is also unplaced, so walking such
 * dependencies from any of them must come back to a node already seen: that loop is a cycle.
 */
function cycleError(services: Services, remaining: Set<string>): ConfigError {
  const path: string[] = [];
  let current = [...remaining].sort()[0]!;
  while (!path.includes(current)) {
    path.push(current);
    current = dependenciesOf(services, current)
      .filter((dep) => remaining.has(dep))
      .sort()[0]!;
  }
  const cycle = path.slice(path.indexOf(current));
  // Start the report at the smallest name, so the same cycle always reads the same.
  const start = cycle.indexOf([...cycle].sort()[0]!);
  const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
  const first = ordered[0]!;
  return new ConfigError(
    [
      {
        message: `dependency cycle in depends_on: ${[...ordered, first].join(' -> ')}`,
        position: services[first]?.position,
        path: `services.${first}.depends_on`,
      },
    ],
    { hint: 'Remove one of the depends_on entries so that the services can start in some order.' },
  );
}

/** A required dependency on a service that is not active is a configuration error; all are reported at once. */
function checkDependencies(services: Services): void {
  const issues: ConfigIssue[] = [];
  for (const [name, service] of Object.entries(services)) {
    for (const [dep, dependency] of Object.entries(service.dependsOn)) {
      if (Object.hasOwn(services, dep) || !dependency.required) continue;
      issues.push({
        message: `service ${name} depends on ${dep}, which is not an active service`,
        position: service.position,
        path: `services.${name}.depends_on.${dep}`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(issues, {
      hint: 'Declare the service, enable its profile, or mark the dependency required: false.',
    });
  }
}

function checkKnown(services: Services, names: string[]): void {
  const unknown = names.filter((name) => !Object.hasOwn(services, name));
  if (unknown.length === 0) return;
  throw new NotFoundError('SERVICE_NOT_FOUND', `no service named ${unknown.join(', ')} in the project`, {
    hint: `Services: ${Object.keys(services).sort().join(', ') || '(none)'}.`,
  });
}

function closure(start: string[], next: (name: string) => string[]): string[] {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return [...seen].sort();
}

function unique(names: string[]): string[] {
  return [...new Set(names)].sort();
}
