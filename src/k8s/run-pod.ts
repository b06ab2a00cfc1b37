/**
 * The pod of an x-testbed job or test. `service:` runs inside the service's running container,
 * as on Docker: the pod runs `kubectl exec` (after `kubectl rollout status`), with a service
 * account that may only do that (rbac.ts). `run:` and `image:` run in the pod itself, from the
 * service's image and environment or from any image. Liquid in environment and command is
 * rendered per set; a value that used a secret comes from a Secret, never from the spec.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Secret } from 'kubernetes-models/v1/Secret';
import { renderRun } from '../set-config/run-commands.js';
import { environment } from './container.js';
import { fileMounts } from './file-objects.js';
import { literal } from './expansion.js';
import { imageFor } from './images.js';
import { dnsLabel, serviceName } from './object-names.js';
import { basePodSpec } from './pod-spec.js';
import { EXEC_SERVICE_ACCOUNT } from './rbac.js';
import type { ManifestContext } from './manifest-context.js';
import { numericUser } from './security-context.js';
import { runsAsArbitraryUid } from './manifest-inputs.js';
import type { RunTarget } from '../model/x-testbed.js';
import { waitContainers } from './wait-for.js';
import { workloadKind } from './volumes.js';

export interface RunInput {
  /** x-testbed.jobs.NAME or x-testbed.tests.NAME, for messages and template errors. */
  where: string;
  /** Name of the Secret holding values that used secrets (made only when there are some). */
  secretName: string;
  target: RunTarget;
  /** A string is rendered, then split as Compose splits it; a list is rendered word by word. */
  command?: string | string[];
  environment: Record<string, string>;
  user?: string;
  workingDir?: string;
  /** Services that must be healthy first (the exec target waits in any case). */
  dependsOn: string[];
  mounts: unknown[];
  timeoutMs: number;
}

export interface RunPod {
  spec: IPodSpec;
  secret?: Secret;
  /** Runs kubectl exec, so the namespace needs the exec service account. */
  exec: boolean;
}

class SecretCollector {
  readonly values: Record<string, string> = {};
  constructor(private readonly name: string) {}
  /** An env var from the run's Secret. */
  ref(variable: string, value: string): IEnvVar {
    this.values[variable] = value;
    return { name: variable, valueFrom: { secretKeyRef: { name: this.name, key: variable } } };
  }
}

function execTarget(target: Extract<RunTarget, { kind: 'exec' }>, ctx: ManifestContext, where: string): { ref: string; workload: string } {
  const service = ctx.project.services[target.service]!;
  const name = serviceName(service.name);
  const kind = workloadKind(ctx.project, service, ctx.volumeUsers);
  if (kind === 'StatefulSet') return { ref: `pod/${name}-${target.replica - 1}`, workload: `statefulset/${name}` };
  if (target.replica > 1) ctx.warnings.add(`${where}.replica`, `a Deployment's replicas have no fixed names; kubectl picks one of ${name}'s pods`);
  return { ref: `deployment/${name}`, workload: `deployment/${name}` };
}

export async function runPod(run: RunInput, ctx: ManifestContext): Promise<RunPod> {
  const { project, options, warnings, templates } = ctx;
  const secrets = new SecretCollector(run.secretName);
  if (run.mounts.length > 0) warnings.add(`${run.where}.mounts`, 'project files cannot be mounted into a cluster pod; bake them into the image or make them Compose configs');
  const user = run.user ? numericUser(run.user) : undefined;
  if (run.user && run.target.kind === 'exec') warnings.add(`${run.where}.user`, 'kubectl exec runs as the container\'s user; user is not applied');
  else if (run.user && !user) warnings.add(`${run.where}.user`, `"${run.user}" is a name; Kubernetes needs a numeric user (UID[:GID]), so the image's user is used`);

  // In a new container the service's environment comes first; an exec sees the service's own.
  const runService = run.target.kind === 'run' ? project.services[run.target.service] : undefined;
  const env: IEnvVar[] = runService ? environment(runService, warnings) : [];
  // And its configs, secrets and secret_environment, as the service's own pods have them (and `run:` on Docker).
  const files = runService ? fileMounts(runService, ctx.files, warnings) : undefined;
  for (const variable of files?.env ?? []) {
    const i = env.findIndex((e) => e.name === variable.name);
    if (i >= 0) env.splice(i, 1);
    env.push(variable);
  }
  const rendered = await renderRun(run, run.where, (source) => templates.render(source));
  const given: string[] = [];
  for (const [name, value] of rendered.environment) {
    const i = env.findIndex((e) => e.name === name);
    if (i >= 0) env.splice(i, 1);
    env.push(value.usesSecrets ? secrets.ref(name, value.text) : { name, value: literal(value.text) });
    given.push(name);
  }
  // A word with a secret in it comes from the Secret: Kubernetes expands $(VAR) in args.
  const argName = (k: number) => (typeof run.command === 'string' ? `TESTBED_ARG_0_${k}` : `TESTBED_ARG_${k}_0`);
  const command = rendered.command?.map((word, k) => {
    if (!word.usesSecrets) return literal(word.text);
    env.push(secrets.ref(argName(k), word.text));
    return `$(${argName(k)})`;
  });

  let container: IContainer;
  const init: IContainer[] = [];
  const waitFor = run.dependsOn.filter((d) => project.services[d] && !(run.target.kind === 'exec' && run.target.service === d));
  if (run.target.kind === 'exec') {
    const target = execTarget(run.target, ctx, run.where);
    const container_ = serviceName(run.target.service);
    const ns = options.namespace;
    // env NAME=$(NAME) hands the run's environment to the exec'd command; cd for working_dir.
    const prefix = given.length > 0 ? ['env', ...given.map((n) => `${n}=$(${n})`)] : [];
    const cd = run.workingDir ? ['sh', '-c', literal('cd "$0" && exec "$@"'), literal(run.workingDir)] : [];
    container = {
      name: dnsLabel(run.where.split('.').at(-1) ?? 'run'),
      image: options.kubectlImage,
      command: ['kubectl', 'exec', '-n', ns, target.ref, '-c', container_, '--', ...prefix, ...cd, ...(command ?? [])],
    };
    init.push({
      name: 'wait-for-rollout',
      image: options.kubectlImage,
      command: ['kubectl', 'rollout', 'status', '-n', ns, target.workload, `--timeout=${Math.ceil(run.timeoutMs / 1000)}s`],
    });
  } else {
    const image = runService ? imageFor(project, runService, options, warnings) : run.target.kind === 'image' ? run.target.image : options.waitImage;
    container = { name: dnsLabel(run.where.split('.').at(-1) ?? 'run'), image };
    // In a new container the command is the arguments of the image's entrypoint, as docker run.
    if (command) container.args = command;
    const workingDir = run.workingDir ?? runService?.workingDir;
    if (workingDir) container.workingDir = workingDir;
    if (user) container.securityContext = { runAsUser: user.uid, ...(user.gid !== undefined ? { runAsGroup: user.gid } : {}) };
    if (files?.mounts.length) container.volumeMounts = files.mounts;
  }
  if (env.length > 0) container.env = env;
  const arbitraryUid = runService ? runsAsArbitraryUid(project, runService) : project.kubernetes.arbitraryUid;
  init.push(...waitContainers(project, waitFor, options.waitImage, arbitraryUid, `${run.where}.depends_on`, warnings));

  const exec = run.target.kind === 'exec';
  const spec: IPodSpec = { ...basePodSpec(), restartPolicy: 'Never', containers: [container] };
  if (exec) Object.assign(spec, { serviceAccountName: EXEC_SERVICE_ACCOUNT, automountServiceAccountToken: true });
  if (init.length > 0) spec.initContainers = init;
  if (files?.volumes.length) spec.volumes = files.volumes;

  const out: RunPod = { spec, exec };
  if (Object.keys(secrets.values).length > 0) {
    const metadata = { name: run.secretName, namespace: options.namespace, labels: ctx.labels };
    out.secret = options.placeholders
      ? new Secret({ metadata, type: 'Opaque', stringData: secrets.values })
      : new Secret({ metadata, type: 'Opaque', data: Object.fromEntries(Object.entries(secrets.values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
  }
  return out;
}
