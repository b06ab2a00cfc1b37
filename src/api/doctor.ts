/**
 * `testbed doctor` as a library call: a twelve-factor and production-readiness audit of a
 * project, from its file (static checks, no engine needed) and from a running set or a
 * throwaway one (live checks). See docs/doctor.md.
 *
 *   const report = await doctor({ files: ['compose.yaml'], live: true });
 *   if (failsAt(report, 'fail')) process.exitCode = 30;
 */
import { isTestbedError } from '../common/errors.js';
import type { CheckInfo } from '../model/doctor/check.js';
import type { DoctorReport } from '../model/doctor/finding.js';
import { STATIC_CHECKS } from '../model/doctor/static-checks.js';
import type { EventSink } from '../lifecycle/events.js';
import { LIVE_CHECKS } from '../lifecycle/doctor/live-checks.js';
import { setIsRunning } from '../lifecycle/doctor/live-context.js';
import { runDoctor, type DoctorTarget } from '../lifecycle/doctor/run-doctor.js';
import { requireProject, requireService } from '../lifecycle/set-context.js';
import { stateRoot } from '../lifecycle/set-folder.js';
import { Testbed, type OpenOptions } from './testbed.js';

export { FACTORS, FACTOR_ORDER, factorName, type FactorId } from '../model/doctor/factors.js';
export { failsAt, type DoctorReport, type DoctorSummary, type FailOn, type Finding, type FindingStatus } from '../model/doctor/finding.js';
export { doctorJunitXml } from '../model/doctor/junit.js';
export type { CheckInfo } from '../model/doctor/check.js';

export interface DoctorRunOptions extends OpenOptions {
  /** The set to look at (default: the project's name); with `live`, whose files to use. */
  set?: string;
  /** Its project, when the name alone is ambiguous (-p). */
  project?: string;
  /** Only these services. */
  services?: string[];
  /** Make a throwaway set (and one under an arbitrary UID), look at them, remove them. */
  live?: boolean;
  /** How long a throwaway set may take to be ready. */
  timeoutMs?: number;
  events?: EventSink;
}

/** Every check doctor has, static and live: id, factor, what it looks at. */
export function doctorChecks(): CheckInfo[] {
  return [...STATIC_CHECKS, ...LIVE_CHECKS].map(({ id, factor, title }) => ({ id, factor, title }));
}

export async function doctor(options: DoctorRunOptions = {}): Promise<DoctorReport> {
  const run = { ...(options.services ? { services: options.services } : {}), ...pick(options) };
  const testbed = await Testbed.open({ ...options, requireProject: false }).catch((err: unknown) => {
    if (isTestbedError(err) && err.code === 'ENGINE_UNREACHABLE') return err;
    throw err;
  });
  if (!(testbed instanceof Testbed)) {
    const project = await Testbed.loadProjectForSet(options.set, { ...options, intent: 'use' });
    checkServices(project, options.services);
    const why = `no engine to look at a set: ${testbed.message.split('\n')[0]}`;
    return runDoctor(project, { kind: 'static', why, fix: 'Start the engine (or point DOCKER_HOST at one), then run doctor again.' }, run);
  }
  const set = await testbed.set(options.set, { intent: 'use', ...(options.project ? { project: options.project } : {}) });
  const project = requireProject(set.context, 'doctor');
  checkServices(project, options.services);
  let target: DoctorTarget;
  if (options.live) target = { kind: 'live', engine: testbed.engine, stateRoot: options.stateDir ?? stateRoot({ env: options.env }) };
  else if (await setIsRunning(set.context)) target = { kind: 'set', ctx: set.context };
  else {
    target = {
      kind: 'static',
      why: `set ${set.name} is not running`,
      fix: `Bring it up (testbed up ${set.name}) and run doctor again, or run testbed doctor --live.`,
    };
  }
  return runDoctor(project, target, run);
}

function checkServices(project: Parameters<typeof requireService>[0], services: string[] | undefined): void {
  for (const s of services ?? []) requireService(project, s);
}

function pick(options: DoctorRunOptions) {
  return {
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
}
