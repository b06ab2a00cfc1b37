/**
 * Progress events from lifecycle operations. The library reports what happens; the CLI decides
 * how to show it (TTY, plain lines, or nothing with --json).
 */

export type LifecycleEvent =
  | { kind: 'image'; service: string; action: 'building' | 'built' | 'cached' | 'pulling' | 'present' | 'removed' | 'pushing' | 'pushed'; image: string }
  /** The service's build is the same as `from`'s: it runs the same image, under its own tag. */
  | { kind: 'image'; service: string; action: 'shared'; image: string; from: string }
  | { kind: 'build-output'; service: string; line: string }
  | { kind: 'network' | 'volume'; name: string; action: 'created' | 'exists' | 'removed' | 'kept' }
  | {
      kind: 'container';
      service: string;
      name: string;
      action:
        | 'created'
        | 'recreated'
        | 'unchanged'
        | 'starting'
        | 'started'
        | 'ready'
        | 'completed'
        | 'stopped'
        | 'removed'
        | 'waiting'
        /** A post_start / pre_stop command finished (detail: which). */
        | 'hook-done';
      detail?: string;
    }
  | { kind: 'job'; name: string; action: 'running' | 'done' | 'skipped' | 'failed'; detail?: string }
  | { kind: 'orphan'; service: string; name: string; action: 'found' | 'removed' }
  | { kind: 'snapshot'; action: 'step' | 'done'; message: string }
  /** Waiting for another command that holds the set's lock, or taking over one left by a process that is gone. */
  | { kind: 'lock'; action: 'waiting' | 'recovered'; message: string }
  | { kind: 'warning'; message: string };

export type EventSink = (event: LifecycleEvent) => void;

export const ignoreEvents: EventSink = () => {};
