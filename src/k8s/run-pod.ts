/**
 * The pod of an x-testbed job or test: a new pod from a service's image (`service:` and `run:`)
 * or any image, with the service's environment, waiting first for the services it depends on.
 * A job cannot exec inside a running pod from a manifest, so `service:` runs beside it.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Secret } from 'kubernetes-models/v1/Secret';
import { environment } from './container.js';
import { literal } from './expansion.js';
import { imageFor } from './images.js';
import { dnsLabel } from './object-names.js';
import { basePodSpec } from './pod-spec.js';
import type { RenderContext } from './render-context.js';
import { numericUser } from './security-context.js';
import type { RunTarget } from './testbed-keys.js';
import { waitContainers } from './wait-for.js';

export interface RunSpec {
  /** x-testbed.jobs.NAME or x-testbed.tests.NAME, for messages. */
  where: string;
  /** Name of the Secret holding values that used secrets (made only when there are some). */
  secretName: string;
  target: RunTarget;
  command?: string[];
  environment: Record<string, string>;
  user?: string;
  workingDir?: string;
  dependsOn: string[];
  mounts: string[];
}

export interface RunPod {
  spec: IPodSpec;
  /** The Secret with values that used secrets, if any. */
  secret?: Secret;
}

export function runPod(run: RunSpec, ctx: RenderContext): RunPod {
  const { project, options, warnings, renderer } = ctx;
  const serviceName = 'service' in run.target ? run.target.service : 'run' in run.target ? run.target.run : undefined;
  const service = serviceName ? project.services[serviceName] : undefined;
  if ('service' in run.target) {
    warnings.add(run.where, `runs in a new pod from ${run.target.service}'s image and environment, not inside its running container (its volumes are not mounted)`);
  }
  if (run.mounts.length > 0) warnings.add(`${run.where}.mounts`, 'project files cannot be mounted into a cluster pod; bake them into the image or make them configs');

  const secretValues: Record<string, string> = {};
  const env: IEnvVar[] = service ? environment(service, warnings) : [];
  for (const [name, value] of Object.entries(run.environment)) {
    const rendered = renderer.render(value, `${run.where}.environment.${name}`);
    const i = env.findIndex((e) => e.name === name);
    if (i >= 0) env.splice(i, 1);
    if (rendered.usesSecrets) {
      secretValues[name] = rendered.text;
      env.push({ name, valueFrom: { secretKeyRef: { name: run.secretName, key: name } } });
    } else env.push({ name, value: literal(rendered.text) });
  }
  // A command word with a secret in it comes from the Secret too ($(VAR) is expanded by Kubernetes).
  const command = run.command?.map((word, i) => {
    const rendered = renderer.render(word, `${run.where}.command`);
    if (!rendered.usesSecrets) return literal(rendered.text);
    const variable = `TESTBED_ARG_${i}`;
    secretValues[variable] = rendered.text;
    env.push({ name: variable, valueFrom: { secretKeyRef: { name: run.secretName, key: variable } } });
    return `$(${variable})`;
  });

  const image = service ? imageFor(project, service, options, warnings) : 'image' in run.target ? run.target.image : options.waitImage;
  const container: IContainer = { name: dnsLabel(run.where.split('.').at(-1) ?? 'run'), image };
  if (command) {
    // Inside a service the command is the whole command line (as exec); in a new container it
    // is the arguments of the image's entrypoint (as docker run).
    if ('service' in run.target) container.command = command;
    else container.args = command;
  }
  if (env.length > 0) container.env = env;
  const workingDir = run.workingDir ?? service?.workingDir;
  if (workingDir) container.workingDir = workingDir;
  const user = run.user ?? service?.user;
  if (user) {
    const ids = numericUser(user);
    if (ids) container.securityContext = { runAsUser: ids.uid, ...(ids.gid !== undefined ? { runAsGroup: ids.gid } : {}) };
    else warnings.add(`${run.where}.user`, `"${user}" is a name; Kubernetes needs a numeric user (UID[:GID]), so the image's user is used`);
  }

  const serviceDeps = run.dependsOn.filter((d) => project.services[d]);
  const arbitraryUid = service ? (ctx.keys.services[service.name]?.arbitraryUid ?? false) : ctx.keys.kubernetes.arbitraryUid;
  const init = waitContainers(project, serviceDeps, options.waitImage, arbitraryUid, `${run.where}.depends_on`, warnings);
  const spec: IPodSpec = { ...basePodSpec(), restartPolicy: 'Never', containers: [container] };
  if (init.length > 0) spec.initContainers = init;

  const out: RunPod = { spec };
  if (Object.keys(secretValues).length > 0) {
    const data = Object.fromEntries(Object.entries(secretValues).map(([k, v]) => [k, options.placeholders ? v : Buffer.from(v).toString('base64')]));
    const metadata = { name: run.secretName, namespace: options.namespace, labels: ctx.labels };
    out.secret = options.placeholders ? new Secret({ metadata, type: 'Opaque', stringData: data }) : new Secret({ metadata, type: 'Opaque', data });
  }
  return out;
}
