/**
 * testbed k8s: the same Compose file as one Kubernetes namespace per set (or git branch):
 * render, chart, apply, status, test, destroy, gc. Manifests go to stdout; messages to stderr.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { pushImagesForCluster } from '../../api/cluster-images.js';
import { Testbed } from '../../api/testbed.js';
import { addValueOptions, valueOverrides, type ValueFlags } from '../value-options.js';
import { ConfigNotFoundError, UsageError } from '../../common/errors.js';
import type { Project } from '../../model/project.js';
import { validateSetName } from '../../plan/names.js';
import { applySet } from '../../k8s/apply.js';
import { branchSetName, currentBranch, remoteBranches } from '../../k8s/branch.js';
import { renderChart } from '../../k8s/chart/chart.js';
import { writeChart } from '../../k8s/chart/write-chart.js';
import { HttpClusterClient, type ClusterClient } from '../../k8s/cluster/cluster-client.js';
import { loadKubeconfig } from '../../k8s/cluster/kubeconfig.js';
import { destroySet } from '../../k8s/destroy.js';
import { existingSecretValues } from '../../k8s/existing-secrets.js';
import { collectGarbage } from '../../k8s/gc.js';
import { builtImageReference } from '../../k8s/images.js';
import { plain } from '../../k8s/kube-object.js';
import { KUBERNETES_SCHEMA_VERSION } from '../../k8s/kubernetes-version.js';
import { manifestYaml, withholdSecretValues } from '../../k8s/manifest-yaml.js';
import { namespaceName } from '../../k8s/object-names.js';
import { renderSet, renderSetWithKeys } from '../../k8s/render.js';
import type { RenderOptions } from '../../k8s/render-options.js';
import { formatWarning, type RenderWarning } from '../../k8s/render-warnings.js';
import { setNamespace } from '../../k8s/set-namespace.js';
import { setStatus } from '../../k8s/status.js';
import { runTestsInCluster } from '../../k8s/test-runner.js';
import { readTestbedKeys } from '../../k8s/testbed-keys.js';
import { commandContext, parseDurationOption, type CliRuntime, type CommandContext } from '../cli-context.js';
import { addGlobalOptions, loadOptions, printWarnings } from '../global-options.js';
import { EXIT } from '../exit-codes.js';
import { colors, printJson, say } from '../output.js';
import { table } from '../render/table.js';

interface SetFlags {
  setFromBranch?: boolean;
  branch?: string;
  namespace?: string;
}
interface ClusterFlags {
  context?: string;
}
interface RenderFlags extends SetFlags, ValueFlags {
  registry?: string;
  imageTag?: string;
  storageClass?: string;
}


function setOptions(cmd: Command): Command {
  return cmd
    .argument('[set]', 'set name (default: the project name)')
    .option('--set-from-branch', 'name the set after the git branch (sanitised; CI branch variables when HEAD is detached)')
    .option('--branch <name>', 'name the set after this branch (e.g. a deleted one, for destroy)')
    .option('--namespace <name>', 'namespace of the set (default: <project>-<set>)');
}

function renderOptions(cmd: Command): Command {
  return addValueOptions(
    cmd
      .option('--registry <registry>', 'registry the cluster pulls built images from (e.g. registry.example.com/team)')
      .option('--image-tag <tag>', 'tag of built images (default: latest; in CI, e.g. the commit SHA)')
      .option('--storage-class <name>', 'storage class of volume claims (default: the cluster\'s default)'),
  );
}

function clusterOptions(cmd: Command): Command {
  return cmd.option('--context <name>', 'kubeconfig context (default: the current context)');
}

async function loadProject(ctx: CommandContext): Promise<Project> {
  const project = await Testbed.loadProject(loadOptions(ctx.globals, ctx.signal));
  printWarnings(ctx.out, project);
  return project;
}

/** A named set is loaded as it was made (its recorded files and profiles), from any directory. */
async function loadSetProject(ctx: CommandContext, given: string | undefined, intent: 'create' | 'use'): Promise<Project> {
  if (given === undefined) return loadProject(ctx);
  const project = await Testbed.loadProjectForSet(given, { ...loadOptions(ctx.globals, ctx.signal), intent });
  printWarnings(ctx.out, project);
  return project;
}

async function pickSet(project: Project, given: string | undefined, flags: SetFlags): Promise<{ set: string; branch?: string; namespace: string }> {
  let set = given ?? project.name;
  let branch: string | undefined;
  if (flags.setFromBranch || flags.branch) {
    if (given) throw new UsageError('give a set name or a branch, not both');
    branch = flags.branch ?? (await currentBranch(project.directory));
    set = branchSetName(branch);
  }
  validateSetName(set);
  return { set, ...(branch ? { branch } : {}), namespace: flags.namespace ?? namespaceName(project.name, set) };
}

function renderInput(picked: { set: string; branch?: string; namespace: string }, flags: RenderFlags): RenderOptions {
  const options: RenderOptions = { set: picked.set, namespace: picked.namespace, values: valueOverrides(flags) ?? {} };
  if (picked.branch) options.branch = picked.branch;
  if (flags.registry) options.registry = flags.registry;
  if (flags.imageTag) options.imageTag = flags.imageTag;
  if (flags.storageClass) options.storageClass = flags.storageClass;
  return options;
}

function printRenderWarnings(ctx: CommandContext, warnings: RenderWarning[]): void {
  if (ctx.out.json) return;
  const c = colors(ctx.out);
  for (const w of warnings) say(ctx.out, `${c.yellow('warning:')} ${formatWarning(w)}`);
}

function connect(flags: ClusterFlags): ClusterClient {
  return new HttpClusterClient(loadKubeconfig(flags.context ? { context: flags.context } : {}));
}

function k8sCommand(parent: Command, name: string, description: string): Command {
  return addGlobalOptions(parent.command(name).description(description));
}

export function registerK8s(program: Command, runtime: CliRuntime): void {
  const k8s = program.command('k8s').description(`the same file on Kubernetes: one namespace per set (schema: Kubernetes ${KUBERNETES_SCHEMA_VERSION})`);

  renderOptions(setOptions(k8sCommand(k8s, 'render', 'print the set\'s Kubernetes objects as YAML (secret values withheld unless --reveal-secrets)')))
    .option('--tests', 'also print the x-testbed tests as Jobs')
    .option('--reveal-secrets', 'print secret values (they are generated now: apply keeps those already in the cluster)')
    .action(async (given: string | undefined, flags: RenderFlags & { tests?: boolean; revealSecrets?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'use');
      const picked = await pickSet(project, given, flags);
      const rendered = await renderSet(project, { ...renderInput(picked, flags), ...(flags.tests ? { tests: { runId: 'render' } } : {}) });
      printRenderWarnings(ctx, rendered.warnings);
      const objects = rendered.objects.map(plain);
      const shown = flags.revealSecrets ? { objects, withheld: [] } : withholdSecretValues(objects);
      if (shown.withheld.length > 0) say(ctx.out, `note: values of ${shown.withheld.length} Secret(s) withheld (${shown.withheld.join(', ')}); --reveal-secrets prints them, testbed k8s apply sends them`);
      if (ctx.out.json) return printJson(ctx.out, { namespace: rendered.namespace, objects: shown.objects, warnings: rendered.warnings });
      ctx.out.result.write(manifestYaml(shown.objects));
    });

  renderOptions(k8sCommand(k8s, 'chart', 'write a Helm chart of the project (values: set, images, values, resources, storage)'))
    .argument('<dir>', 'directory to write the chart into (its templates/ is replaced)')
    .option('--set <name>', 'default of the chart\'s set value (default: the project name)')
    .option('--chart-version <version>', 'chart version (default: 0.1.0)')
    .action(async (dir: string, flags: RenderFlags & { set?: string; chartVersion?: string }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadProject(ctx);
      const chart = await renderChart(project, await readTestbedKeys(project), {
        values: valueOverrides(flags) ?? {},
        ...(flags.set ? { set: flags.set } : {}),
        ...(flags.registry ? { registry: flags.registry } : {}),
        ...(flags.imageTag ? { imageTag: flags.imageTag } : {}),
        ...(flags.storageClass ? { storageClass: flags.storageClass } : {}),
        ...(flags.chartVersion ? { version: flags.chartVersion } : {}),
      });
      printRenderWarnings(ctx, chart.warnings);
      const written = await writeChart(resolve(dir), chart);
      if (ctx.out.json) return printJson(ctx.out, { directory: resolve(dir), files: written, warnings: chart.warnings });
      say(ctx.out, `chart written to ${dir} (${written.length} files); checked: its templates render to valid Kubernetes ${KUBERNETES_SCHEMA_VERSION} objects with the default values`);
      say(ctx.out, `install: helm upgrade --install ${project.name} ${dir} --namespace NAMESPACE --create-namespace`);
    });

  clusterOptions(renderOptions(setOptions(k8sCommand(k8s, 'apply', 'apply the set to the cluster with server-side apply (field manager: testbed)'))))
    .option('--wait', 'wait for each after-start job to succeed before the next')
    .option('--no-prune', 'keep objects of the set that the file no longer has')
    .option('--no-push', 'with --registry: do not build and push the built images (they are there already)')
    .action(async (given: string | undefined, flags: RenderFlags & ClusterFlags & { wait?: boolean; prune?: boolean; push?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'create');
      const picked = await pickSet(project, given, flags);
      if (flags.registry && flags.push !== false) {
        await pushImagesForCluster(project, { registry: flags.registry, ...(flags.imageTag ? { imageTag: flags.imageTag } : {}), events: ctx.events, signal: ctx.signal });
      }
      const client = connect(flags);
      say(ctx.out, `applying set ${picked.set} to namespace ${picked.namespace} (context ${client.context})`);
      const result = await applySet(client, project, await readTestbedKeys(project), {
        ...renderInput(picked, flags),
        prune: flags.prune !== false,
        ...(flags.wait ? { wait: { signal: ctx.signal } } : {}),
        onApplied: (object) => (ctx.globals.verbose ? say(ctx.out, `  applied ${object}`) : undefined),
      });
      printRenderWarnings(ctx, result.rendered.warnings);
      if (Object.values(project.services).some((s) => s.build) && !(flags.registry && flags.push !== false)) {
        say(ctx.out, `note: the cluster pulls the built images; testbed k8s images${flags.registry ? ` --registry ${flags.registry}` : ''}${flags.imageTag ? ` --image-tag ${flags.imageTag}` : ''} lists what to build and push`);
      }
      if (ctx.out.json) return printJson(ctx.out, { namespace: result.namespace, context: result.context, applied: result.applied, pruned: result.pruned, jobs: result.jobs, warnings: result.rendered.warnings });
      say(ctx.out, `applied ${result.applied.length} objects${result.pruned.length > 0 ? `, deleted ${result.pruned.length} the file no longer has` : ''}; testbed k8s status ${picked.set} shows progress`);
    });

  setOptions(k8sCommand(k8s, 'set-name', 'print the set name (and namespace) for the set, or for the git branch with --set-from-branch')).action(
    async (given: string | undefined, flags: SetFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'use');
      const picked = await pickSet(project, given, flags);
      if (ctx.out.json) return printJson(ctx.out, picked);
      ctx.out.result.write(`${picked.set}\n`);
    },
  );

  renderOptions(k8sCommand(k8s, 'images', 'the images the file builds, as the cluster will pull them; --push builds and pushes them'))
    .option('--push', 'build (when sources changed), tag and push them to --registry')
    .action(
    async (flags: RenderFlags & { push?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadProject(ctx);
      if (flags.push) {
        if (!flags.registry) throw new UsageError('--push needs --registry: where the cluster pulls images from');
        await pushImagesForCluster(project, { registry: flags.registry, ...(flags.imageTag ? { imageTag: flags.imageTag } : {}), events: ctx.events, signal: ctx.signal });
      }
      const images = Object.values(project.services)
        .filter((s) => s.build)
        .map((s) => {
          const ref = builtImageReference(project, s, { ...(flags.registry ? { registry: flags.registry.replace(/\/+$/, '') } : {}), imageTag: flags.imageTag ?? 'latest' });
          return { service: s.name, image: `${ref.repository}:${ref.tag}`, context: s.build!.context, dockerfile: s.build!.dockerfile, target: s.build!.target ?? null, args: s.build!.args };
        });
      if (ctx.out.json) return printJson(ctx.out, images);
      ctx.out.result.write(table(['SERVICE', 'IMAGE', 'CONTEXT', 'DOCKERFILE'], images.map((i) => [i.service, i.image, i.context, i.dockerfile])) + '\n');
    },
  );

  clusterOptions(setOptions(k8sCommand(k8s, 'status', 'the set\'s services, pods and jobs in the cluster'))).action(
    async (given: string | undefined, flags: SetFlags & ClusterFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'use');
      const picked = await pickSet(project, given, flags);
      const status = await setStatus(connect(flags), picked.namespace, project.name, picked.set);
      if (ctx.out.json) return printJson(ctx.out, status);
      const rows = status.services.map((s) => [s.service, s.kind, `${s.ready}/${s.replicas}`, s.pods.map((p) => p.state).join(', ') || '-', String(s.pods.reduce((n, p) => n + p.restarts, 0))]);
      ctx.out.result.write(table(['SERVICE', 'KIND', 'READY', 'PODS', 'RESTARTS'], rows) + '\n');
      if (status.jobs.length > 0) ctx.out.result.write('\n' + table(['JOB', 'KIND', 'STATE', 'NAME'], status.jobs.map((j) => [j.job, j.kind, j.state, j.name])) + '\n');
    },
  );

  clusterOptions(setOptions(k8sCommand(k8s, 'test', 'run the x-testbed tests of an applied set as Jobs in the cluster')))
    .argument('[tests...]', 'only these tests')
    .action(async (given: string | undefined, only: string[], flags: SetFlags & ClusterFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'use');
      const picked = await pickSet(project, given, flags);
      const client = connect(flags);
      await setNamespace(client, picked.namespace, project.name, picked.set);
      // The tests see the secrets the set has, not new ones.
      const existingSecrets = await existingSecretValues(client, picked.namespace, picked.set);
      const keys = await readTestbedKeys(project, { tests: 'required' });
      const rendered = await renderSetWithKeys(project, keys, { set: picked.set, namespace: picked.namespace, existingSecrets, tests: { runId: Date.now().toString(36) } });
      printRenderWarnings(ctx, rendered.warnings);
      const results = await runTestsInCluster(client, rendered, { signal: ctx.signal }, only);
      if (results.some((r) => !r.passed && !r.skipped)) runtime.exitCode = EXIT.testsFailed;
      if (ctx.out.json) return printJson(ctx.out, results);
      const c = colors(ctx.out);
      const outcome = (r: (typeof results)[number]) => (r.passed ? c.green('passed') : r.skipped ? c.yellow('skipped') : c.red('failed'));
      ctx.out.result.write(table(['TEST', 'RESULT', 'WHY'], results.map((r) => [r.name, outcome(r), r.reason ?? ''])) + '\n');
    });

  clusterOptions(setOptions(k8sCommand(k8s, 'destroy', 'delete the set\'s namespace and everything in it, data included'))).action(
    async (given: string | undefined, flags: SetFlags & ClusterFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      // A CI stop job may run without a checkout (its branch is gone): -p names the project then.
      const project = await loadProject(ctx).catch((err: unknown) => {
        if (err instanceof ConfigNotFoundError && ctx.globals.projectName) return { name: ctx.globals.projectName, directory: process.cwd() } as Project;
        throw err;
      });
      const picked = await pickSet(project, given, flags);
      await destroySet(connect(flags), picked.namespace, project.name, picked.set);
      if (ctx.out.json) return printJson(ctx.out, { set: picked.set, namespace: picked.namespace, destroyed: true });
      say(ctx.out, `set ${picked.set} destroyed: namespace ${picked.namespace} is being deleted, with its volumes`);
    },
  );

  clusterOptions(k8sCommand(k8s, 'gc', 'delete sets that are stale or whose git branch is gone'))
    .option('--older-than <duration>', 'sets not applied for this long (e.g. 7d, 36h)')
    .option('--gone-branches [remote]', 'sets whose branch the remote no longer has (git ls-remote; default remote: origin)')
    .option('--all-projects', 'not only this project\'s sets')
    .option('--dry-run', 'only list what would be deleted')
    .action(async (flags: ClusterFlags & { olderThan?: string; goneBranches?: string | boolean; allProjects?: boolean; dryRun?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      if (!flags.olderThan && !flags.goneBranches) throw new UsageError('say which sets go: --older-than DURATION and/or --gone-branches');
      const project = flags.allProjects ? undefined : await loadProject(ctx);
      const remote = typeof flags.goneBranches === 'string' ? flags.goneBranches : 'origin';
      const candidates = await collectGarbage(connect(flags), {
        ...(flags.olderThan ? { olderThanMs: parseDurationOption(flags.olderThan) } : {}),
        ...(flags.goneBranches ? { branches: await remoteBranches(project?.directory ?? process.cwd(), remote) } : {}),
        ...(project ? { project: project.name } : {}),
        dryRun: Boolean(flags.dryRun),
      });
      if (ctx.out.json) return printJson(ctx.out, candidates);
      const rows = candidates.map((g) => [g.namespace, g.set, g.branch ?? '-', g.lastApplied ?? '-', g.reason ? (g.removed ? `deleted: ${g.reason}` : flags.dryRun ? `would delete: ${g.reason}` : g.reason) : 'kept']);
      ctx.out.result.write(table(['NAMESPACE', 'SET', 'BRANCH', 'LAST APPLIED', 'ACTION'], rows) + '\n');
    });
}
