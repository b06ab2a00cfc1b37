/**
 * `testbed doctor`: static checks on the file always; live checks on a running set, or on a
 * throwaway set doctor makes and removes (live: true). When live checks cannot run (no engine,
 * the set is not up) each says so as `unknown`, with why: nothing passes unseen.
 */
import type { Engine } from '../../engine/engine.js';
import { makeReport, type DoctorReport, type Finding } from '../../model/doctor/finding.js';
import { readStaticInput } from '../../model/doctor/raw-files.js';
import { runStaticChecks } from '../../model/doctor/static-checks.js';
import type { Project, Service } from '../../model/project.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { forcedUidRun } from './forced-uid-run.js';
import { liveContext } from './live-context.js';
import { liveUnavailable, runLiveChecks } from './live-checks.js';
import { throwawaySetName, withThrowawaySet } from './throwaway-set.js';

export interface DoctorOptions {
  /** Only these services (default: all active ones). */
  services?: string[];
  /** Readiness limit of doctor's throwaway sets (default as `up`). */
  timeoutMs?: number;
  events?: EventSink;
  signal?: AbortSignal;
  /** Where relative paths are shown from (default the working directory). */
  cwd?: string;
}

export type DoctorTarget =
  /** The file only: live checks are reported unknown, with why and what to do. */
  | { kind: 'static'; why: string; fix: string }
  /** A set that is up. */
  | { kind: 'set'; ctx: SetContext }
  /** Throwaway sets of doctor's own. */
  | { kind: 'live'; engine: Engine; stateRoot: string };

export async function runDoctor(project: Project, target: DoctorTarget, options: DoctorOptions = {}): Promise<DoctorReport> {
  const services = selectedServices(project, options.services);
  const names = services.map((s) => s.name);
  const findings: Finding[] = runStaticChecks(await readStaticInput(project, options.cwd), names);

  if (target.kind === 'static') {
    findings.push(...liveUnavailable(services, target.why, target.fix));
    return makeReport({ project: project.name, mode: 'static', liveUnavailable: target.why }, findings);
  }
  if (target.kind === 'set') {
    const live = await liveContext(target.ctx, project, options.signal ? { signal: options.signal } : {});
    findings.push(...(await runLiveChecks(live, services)));
    return makeReport({ project: project.name, mode: 'set', set: target.ctx.set }, findings);
  }

  const throwaway = {
    engine: target.engine,
    stateRoot: target.stateRoot,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // Under an arbitrary UID first, when some service is not marked for it: its set is short-lived.
  const forced = services.some((s) => s.arbitraryUid !== true) ? await forcedUidRun(project, throwaway) : undefined;
  const setName = throwawaySetName();
  await withThrowawaySet(project, setName, throwaway, async (ctx, fresh) => {
    const live = await liveContext(ctx, project, { fresh, ...(forced ? { forced } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    findings.push(...(await runLiveChecks(live, services)));
  });
  return makeReport({ project: project.name, mode: 'live', set: setName }, findings);
}

function selectedServices(project: Project, names: string[] | undefined): Service[] {
  const all = Object.values(project.services).sort((a, b) => a.name.localeCompare(b.name));
  return names && names.length ? all.filter((s) => names.includes(s.name)) : all;
}
