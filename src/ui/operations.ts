/**
 * Work the dashboard started (up, stop, tests, snapshot...): each has an id, a title, the lines
 * of progress it reported and how it ended. Progress goes to the browser as it comes, on the
 * event stream; the list keeps the last ones for a page opened later.
 */
export interface Operation {
  id: string;
  project: string;
  set: string;
  title: string;
  state: 'running' | 'done' | 'failed';
  lines: string[];
  error?: { code?: string; message: string; hint?: string };
  /** What the work gave (a test report, a comparison...). */
  result?: unknown;
}

export type OperationUpdate = { kind: 'operation'; operation: Operation };

const KEPT = 50;
const MAX_LINES = 500;

export class Operations {
  private readonly list: Operation[] = [];
  private next = 1;

  constructor(private readonly publish: (update: OperationUpdate) => void) {}

  all(): Operation[] {
    return [...this.list];
  }

  get(id: string): Operation | undefined {
    return this.list.find((o) => o.id === id);
  }

  /** Starts the work and returns its operation at once; the work reports lines through `say`. */
  start(project: string, set: string, title: string, work: (say: (line: string) => void) => Promise<unknown>): Operation {
    const op: Operation = { id: String(this.next++), project, set, title, state: 'running', lines: [] };
    this.list.push(op);
    if (this.list.length > KEPT) this.list.shift();
    const send = () => this.publish({ kind: 'operation', operation: op });
    const say = (line: string) => {
      op.lines.push(line);
      if (op.lines.length > MAX_LINES) op.lines.splice(0, op.lines.length - MAX_LINES);
      send();
    };
    send();
    work(say).then(
      (result) => {
        op.state = 'done';
        if (result !== undefined) op.result = result;
        send();
      },
      (err: unknown) => {
        const e = err as { code?: string; message?: string; hint?: string };
        op.state = 'failed';
        op.error = { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}), ...(e.hint ? { hint: e.hint } : {}) };
        send();
      },
    );
    return op;
  }
}
