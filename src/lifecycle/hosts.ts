/**
 * `hosts`: /etc/hosts lines that name each service of a set by its loopback address
 * (web.demo.lan), and a managed block that --apply writes, replaces or removes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { LABEL } from '../plan/labels.js';
import { replicaDomain, serviceDomain } from '../plan/names.js';
import { findSetResources, replicaOf, serviceOf } from './set-resources.js';
import type { SetContext } from './set-context.js';

export async function hostsLines(ctx: SetContext): Promise<string[]> {
  const [{ containers }, record] = await Promise.all([
    findSetResources(ctx.engine, ctx.projectName, ctx.set),
    ctx.folder.read(),
  ]);
  const lines = new Map<string, string>();
  for (const c of containers) {
    const address = c.labels[LABEL.address];
    if (!address) continue;
    const service = serviceOf(c);
    const replica = replicaOf(c);
    const names = [replicaDomain(service, replica, ctx.set)];
    if (replica === 1) names.unshift(serviceDomain(service, ctx.set));
    lines.set(address, `${address}\t${names.join(' ')}`);
  }
  // Without containers (destroyed set) the folder still knows the addresses it will reuse.
  if (lines.size === 0 && record) {
    for (const [key, address] of Object.entries(record.addresses)) {
      const [, , service, n] = key.split('/');
      if (!service || !n) continue;
      const names = [replicaDomain(service, Number(n), ctx.set)];
      if (n === '1') names.unshift(serviceDomain(service, ctx.set));
      lines.set(address, `${address}\t${names.join(' ')}`);
    }
  }
  return [...lines.values()].sort();
}

function markers(project: string, set: string): { begin: string; end: string } {
  return { begin: `# BEGIN testbed ${project}/${set}`, end: `# END testbed ${project}/${set}` };
}

/** Replaces the set's block in the hosts file (or removes it when lines is empty); other lines are untouched. */
export function replaceHostsBlock(content: string, project: string, set: string, lines: string[]): string {
  const { begin, end } = markers(project, set);
  const kept: string[] = [];
  let inside = false;
  for (const line of content.split('\n')) {
    if (line === begin) inside = true;
    else if (line === end) inside = false;
    else if (!inside) kept.push(line);
  }
  while (kept.length && kept.at(-1) === '') kept.pop();
  if (lines.length) kept.push(begin, ...lines, end);
  return kept.join('\n') + '\n';
}

export async function applyHosts(file: string, project: string, set: string, lines: string[]): Promise<void> {
  const content = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  await writeFile(file, replaceHostsBlock(content, project, set, lines));
}
