/**
 * The command and environment of a job or a test as they run for a set: Liquid rendered with the
 * set's values and secrets, the same way on Docker and in a cluster. A string command is rendered
 * whole and then split as Compose splits it (`echo {{ values.x }}` must not be split inside the
 * braces); a list is rendered word by word.
 */
import { splitCommand } from '../model/command-spec.js';
import type { RenderedText, TextRenderer } from './template-render.js';

export interface RunSpec {
  command?: string | string[];
  environment: Record<string, string>;
}

export interface RenderedRun {
  /** Words of the command; undefined: the image's own. */
  command?: RenderedText[];
  /** In the order written. */
  environment: [string, RenderedText][];
}

/** `at` names the job or test in messages: `jobs.seed`, `x-testbed.tests.smoke`. */
export async function renderRun(spec: RunSpec, at: string, render: TextRenderer): Promise<RenderedRun> {
  const out: RenderedRun = { environment: [] };
  for (const [name, value] of Object.entries(spec.environment)) out.environment.push([name, await render({ name: `${at}.environment.${name}`, text: value })]);
  if (typeof spec.command === 'string') {
    const whole = await render({ name: `${at}.command`, text: spec.command });
    out.command = splitCommand(whole.text).map((text) => ({ text, usesSecrets: whole.usesSecrets }));
  } else if (spec.command) {
    out.command = [];
    for (const [i, word] of spec.command.entries()) out.command.push(await render({ name: `${at}.command[${i}]`, text: word }));
  }
  return out;
}

/** The texts alone, where nothing needs to know which used a secret (a Docker container gets them all). */
export function plainRun(run: RenderedRun): { command?: string[]; environment: Record<string, string> } {
  return {
    ...(run.command ? { command: run.command.map((w) => w.text) } : {}),
    environment: Object.fromEntries(run.environment.map(([name, value]) => [name, value.text])),
  };
}
