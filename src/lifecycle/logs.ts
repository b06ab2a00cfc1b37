/**
 * `logs`: the output of a set's containers, merged as it arrives. A service may print the
 * secrets it was given: their values are masked unless revealed.
 */
import { NotFoundError } from '../common/errors.js';
import type { LogLine } from '../engine/engine.js';
import { maskSecrets } from '../set-config/secret-mask.js';
import { secretValues } from './configure/secret-store.js';
import { findSetResources, replicaOf, serviceOf } from './set-resources.js';
import type { SetContext } from './set-context.js';

export interface LogsOptions {
  services?: string[];
  follow?: boolean;
  /** Unix seconds. */
  since?: number;
  tail?: number;
  timestamps?: boolean;
  /** The secrets' values as the services wrote them, instead of ********. */
  reveal?: boolean;
  signal?: AbortSignal;
}

export interface SetLogLine extends LogLine {
  service: string;
  replica: number;
  /** Number of replicas of the service, so a renderer can leave out "-1" when there is one. */
  replicas: number;
}

export async function setLogs(ctx: SetContext, options: LogsOptions, onLine: (line: SetLogLine) => void): Promise<void> {
  const { containers } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  const wanted = options.services?.length ? new Set(options.services) : undefined;
  const chosen = containers.filter((c) => !wanted || wanted.has(serviceOf(c)));
  if (wanted) {
    const unknown = [...wanted].filter((s) => !chosen.some((c) => serviceOf(c) === s));
    if (unknown.length) {
      throw new NotFoundError('SERVICE_NOT_FOUND', `set ${ctx.set} has no containers for ${unknown.join(', ')}`);
    }
  }
  const secrets = options.reveal ? {} : await secretValues(ctx.folder, ctx.project);
  const count = new Map<string, number>();
  for (const c of chosen) count.set(serviceOf(c), (count.get(serviceOf(c)) ?? 0) + 1);
  await Promise.all(
    chosen.map(async (c) => {
      const service = serviceOf(c);
      try {
        for await (const line of ctx.engine.logs(c.id, {
          follow: options.follow ?? false,
          since: options.since,
          tail: options.tail,
          timestamps: options.timestamps,
          signal: options.signal,
        })) {
          onLine({ ...line, line: maskSecrets(line.line, secrets), service, replica: replicaOf(c), replicas: count.get(service) ?? 1 });
        }
      } catch (err) {
        if (!options.signal?.aborted) throw err;
      }
    }),
  );
}
