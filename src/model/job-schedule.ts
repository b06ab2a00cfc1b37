/**
 * A job's `schedule:`, a cron expression as Kubernetes CronJobs take it: five fields
 * (minute hour day-of-month month day-of-week), or one of @yearly, @annually, @monthly,
 * @weekly, @daily, @midnight, @hourly. Times are UTC, the usual time zone of a cluster's
 * controller. On Docker a scheduled job is not run by `up`; `testbed jobs` shows when it
 * would run next and `testbed run` runs it now.
 */
import { createRequire } from 'node:module';
import type { CronExpressionParser as Parser } from 'cron-parser';

/**
 * cron-parser (with luxon: a fifth of the code loading a project would read) loads with the
 * first schedule, synchronously: most files have none, and `status` loads the project.
 */
const load = createRequire(import.meta.url);
let parser: typeof Parser | undefined;
function cron(): typeof Parser {
  parser ??= (load('cron-parser') as typeof import('cron-parser')).CronExpressionParser;
  return parser;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Why the schedule is not one a CronJob takes; undefined when it is. */
export function scheduleProblem(schedule: string): string | undefined {
  const fields = expand(schedule);
  if (fields === undefined) return `is not a cron schedule; expected five fields (minute hour day month weekday) or one of ${Object.keys(MACROS).join(', ')}`;
  try {
    cron().parse(fields, { tz: 'UTC', strict: false });
    return undefined;
  } catch (err) {
    return `is not a cron schedule: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The first time after `after` that the schedule names (UTC). */
export function nextRun(schedule: string, after: Date): Date {
  const fields = expand(schedule);
  if (fields === undefined) throw new Error(`nextRun called with an unchecked schedule: ${schedule}`);
  return cron().parse(fields, { tz: 'UTC', currentDate: after }).next().toDate();
}

/** Five fields, from a macro or as written; undefined for anything else (seconds, years, TZ=). */
function expand(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@')) return MACROS[text.toLowerCase()];
  return text.split(/\s+/).length === 5 ? text : undefined;
}
