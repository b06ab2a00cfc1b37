/**
 * Named debug loggers on stderr. Every engine call is logged the same three ways
 * ("Creating ..." / "Created ..." / "Failed to create ...: err") through these.
 * Off unless -v or TESTBED_DEBUG=1 (or a comma list of logger names) turns them on.
 */

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

type Sink = (line: string) => void;

let enabled: Set<string> | 'all' | 'none' = parseDebugEnv(process.env.TESTBED_DEBUG);
let sink: Sink = (line) => process.stderr.write(line + '\n');

function parseDebugEnv(value: string | undefined): Set<string> | 'all' | 'none' {
  if (!value || value === '0' || value === 'false') return 'none';
  if (value === '1' || value === 'true' || value === '*') return 'all';
  return new Set(value.split(',').map((s) => s.trim()));
}

export function setDebug(on: boolean | string[]): void {
  enabled = on === true ? 'all' : on === false ? 'none' : new Set(on);
}

export function setLogSink(next: Sink): void {
  sink = next;
}

function isOn(name: string): boolean {
  return enabled === 'all' || (enabled !== 'none' && enabled.has(name));
}

export function createLogger(name: string): Logger {
  return {
    debug(message) {
      if (isOn(name)) sink(`[${name}] ${message}`);
    },
    warn(message) {
      sink(`[${name}] warning: ${message}`);
    },
  };
}

/** Runs an operation and logs it as "<Verb>ing x..." / "<Verb>ed x" / "Failed to <verb> x: err". */
export async function logged<T>(
  log: Logger,
  words: { doing: string; done: string; verb: string },
  subject: string,
  op: () => Promise<T>,
): Promise<T> {
  log.debug(`${words.doing} ${subject}...`);
  try {
    const result = await op();
    log.debug(`${words.done} ${subject}`);
    return result;
  } catch (err) {
    log.debug(`Failed to ${words.verb} ${subject}: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}
