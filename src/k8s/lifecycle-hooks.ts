/**
 * Compose post_start / pre_stop hooks as the container's postStart / preStop exec handlers.
 * On Docker the hooks of a phase run one after the other, each through exec with its own user,
 * privileges, environment and working directory, and the first failure stops the rest
 * (lifecycle/service-hooks.ts). A Kubernetes container has one exec handler per phase, which
 * runs its command as it is (no shell, no $(VAR) expansion) with the container's user,
 * privileges and environment: what the handler cannot carry is reported.
 */
import type { ILifecycle } from 'kubernetes-models/v1/Lifecycle';
import type { ILifecycleHandler } from 'kubernetes-models/v1/LifecycleHandler';
import type { LifecycleHook } from '../model/container-options.js';
import type { Service } from '../model/project.js';
import type { RenderWarnings } from './render-warnings.js';
import { shellQuote } from './shell-quote.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash']);

/** The shell one of the hooks runs itself (so the image is known to have it), if any. */
function shellOf(hooks: LifecycleHook[]): string | undefined {
  return hooks.map((h) => h.command[0]).find((program) => program !== undefined && SHELLS.has(program.split('/').at(-1)!));
}

function reportUncarried(hook: LifecycleHook, at: string, warnings: RenderWarnings): void {
  if (hook.user !== undefined) warnings.add(`${at}.user`, `"${hook.user}" is left out: a Kubernetes exec handler runs as the container's user`);
  if (hook.privileged) warnings.add(`${at}.privileged`, 'is left out: a Kubernetes exec handler has the container\'s privileges, no more');
  const names = Object.keys(hook.environment);
  if (names.length > 0) warnings.add(`${at}.environment`, `${names.join(', ')} left out: a Kubernetes exec handler sees the container's environment only`);
  if (hook.workingDir !== undefined) warnings.add(`${at}.working_dir`, 'is left out: a Kubernetes exec handler has no working directory of its own');
}

function handlerFor(service: Service, kind: 'post_start' | 'pre_stop', warnings: RenderWarnings): ILifecycleHandler | undefined {
  const path = `services.${service.name}.${kind}`;
  const hooks: [string, LifecycleHook][] = [];
  (kind === 'post_start' ? service.hooks.postStart : service.hooks.preStop).forEach((hook, i) => {
    if (hook.command.length === 0) warnings.add(`${path}[${i}]`, 'has no command: it is left out');
    else hooks.push([`${path}[${i}]`, hook]);
  });
  const shell = shellOf(hooks.map(([, hook]) => hook));
  const rendered = shell ? hooks : hooks.slice(0, 1);
  for (const [at] of hooks.slice(rendered.length)) {
    warnings.add(
      at,
      'is left out: a Kubernetes container has one exec handler per phase, so only the first hook is rendered ' +
        '(several are joined into one `sh -c` only when one of them runs sh or bash itself, so the image is known to have a shell)',
    );
  }
  for (const [at, hook] of rendered) reportUncarried(hook, at, warnings);
  if (rendered.length === 0) return undefined;
  if (rendered.length === 1) return { exec: { command: rendered[0]![1].command } };
  // Each hook's words quoted, in order, stopping at the first failure: what Docker does, in one handler.
  return { exec: { command: [shell!, '-c', rendered.map(([, hook]) => hook.command.map(shellQuote).join(' ')).join(' && ')] } };
}

export function lifecycleFor(service: Service, warnings: RenderWarnings): ILifecycle | undefined {
  const postStart = handlerFor(service, 'post_start', warnings);
  const preStop = handlerFor(service, 'pre_stop', warnings);
  if (!postStart && !preStop) return undefined;
  return { ...(postStart ? { postStart } : {}), ...(preStop ? { preStop } : {}) };
}
