/** One line of progress for the dashboard, from what the library reports. */
import type { LifecycleEvent, TestEvent } from '../api/events.js';

export function describeEvent(e: LifecycleEvent): string {
  switch (e.kind) {
    case 'phase':
      return `${e.phase}: ${e.action === 'begin' ? 'started' : 'done'}`;
    case 'image':
      return `image ${e.service}: ${e.action} ${e.image}`;
    case 'build-output':
      return `build ${e.service}: ${e.line}`;
    case 'network':
    case 'volume':
      return `${e.kind} ${e.name}: ${e.action}`;
    case 'container':
      return `${e.service}: ${e.action}${e.detail ? ` (${e.detail})` : ''}`;
    case 'job':
      return `job ${e.name}: ${e.action}${e.detail ? ` (${e.detail})` : ''}`;
    case 'orphan':
      return `orphan ${e.service}: ${e.action}`;
    case 'snapshot':
    case 'lock':
      return e.message;
    case 'warning':
      return `warning: ${e.message}`;
  }
}

export function describeTestEvent(e: TestEvent): string {
  if (e.kind === 'started') return `${e.set}: ${e.test} started`;
  const r = e.result;
  return `${e.set}: ${e.test} ${r.outcome}${r.failures.length ? ` - ${r.failures.join('; ')}` : ''}${r.error ? ` - ${r.error.message}` : ''}`;
}
