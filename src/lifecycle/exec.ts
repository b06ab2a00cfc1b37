/**
 * `exec` and `shell`: run a command in one replica of a running service.
 */
import { NotFoundError, UsageError } from '../common/errors.js';
import type { ContainerSummary, ExecResult, InteractiveExecOptions } from '../engine/engine.js';
import { findSetResources, replicaOf, serviceOf } from './set-resources.js';
import type { SetContext } from './set-context.js';

export async function findReplica(ctx: SetContext, service: string, replica = 1): Promise<ContainerSummary> {
  const { containers } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  const ofService = containers.filter((c) => serviceOf(c) === service);
  if (ofService.length === 0) {
    const services = [...new Set(containers.map(serviceOf))].join(', ') || 'none';
    throw new NotFoundError('SERVICE_NOT_FOUND', `set ${ctx.set} has no service ${service}`, {
      hint: containers.length ? `Its services: ${services}.` : `Is the set up? See: testbed ls`,
    });
  }
  const found = ofService.find((c) => replicaOf(c) === replica);
  if (!found) throw new NotFoundError('SERVICE_NOT_FOUND', `service ${service} of set ${ctx.set} has no replica ${replica}`);
  return found;
}

async function runningReplica(ctx: SetContext, service: string, replica?: number): Promise<ContainerSummary> {
  const c = await findReplica(ctx, service, replica);
  if (c.state !== 'running') {
    throw new UsageError(`${c.name} is ${c.state}, not running`, { hint: `Start it: testbed start ${ctx.set}` });
  }
  return c;
}

export interface ExecInput {
  service: string;
  replica?: number;
  cmd: string[];
  env?: string[];
  user?: string;
  workingDir?: string;
  signal?: AbortSignal;
}

/** Runs a command and collects its output (for the library and tests). */
export async function execInSet(ctx: SetContext, input: ExecInput): Promise<ExecResult> {
  const c = await runningReplica(ctx, input.service, input.replica);
  return ctx.engine.exec(c.id, input);
}

/** Runs a command attached to the caller's terminal or pipes; resolves with its exit code. */
export async function execAttached(
  ctx: SetContext,
  input: ExecInput & Omit<InteractiveExecOptions, 'cmd'>,
): Promise<number> {
  const c = await runningReplica(ctx, input.service, input.replica);
  return ctx.engine.execInteractive(c.id, input);
}

/** bash when the image has it, else sh. */
export const SHELL_COMMAND = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];
