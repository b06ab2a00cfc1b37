/**
 * testbed k8s: the same Compose file as one Kubernetes namespace per set (or git branch):
 * render, chart, apply, status, test, destroy, gc. Manifests go to stdout; messages to stderr.
 * Every verb is a call to api/cluster.ts's Cluster.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Cluster, formatWarning, KUBERNETES_SCHEMA_VERSION, type ClusterSet, type RenderChoices, type RenderWarning } from '../../api/cluster.js';
import type { Project } from '../../api/project.js';
import { Testbed } from '../../api/testbed.js';
import { ConfigNotFoundError, UsageError } from '../../common/errors.js';
import { addValueOptions, flagOverrides, type ValueFlags } from '../value-options.js';
import { commandContext, type CliRuntime, type CommandContext } from '../cli-context.js';
import { addGlobalOptions, loadOptions, printWarnings } from '../global-options.js';
import { EXIT } from '../exit-codes.js';
import { durationOption } from '../option-parsers.js';
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

function clusterFor(ctx: CommandContext, project: Project, flags: ClusterFlags): Cluster {
  return Cluster.forProject(project, { ...(flags.context ? { context: flags.context } : {}), signal: ctx.signal });
}

function pickSet(cluster: Cluster, given: string | undefined, flags: SetFlags): Promise<ClusterSet> {
  return cluster.pickSet(given, {
    ...(flags.setFromBranch ? { fromBranch: true } : {}),
    ...(flags.branch ? { branch: flags.branch } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
  });
}

function renderChoices(flags: RenderFlags): RenderChoices {
  return {
    values: flagOverrides(flags) ?? {},
    ...(flags.registry ? { registry: flags.registry } : {}),
    ...(flags.imageTag ? { imageTag: flags.imageTag } : {}),
    ...(flags.storageClass ? { storageClass: flags.storageClass } : {}),
  };
}

function printRenderWarnings(ctx: CommandContext, warnings: RenderWarning[]): void {
  if (ctx.out.json) return;
  const c = colors(ctx.out);
  for (const w of warnings) say(ctx.out, `${c.yellow('warning:')} ${formatWarning(w)}`);
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
      const cluster = clusterFor(ctx, await loadSetProject(ctx, given, 'use'), {});
      const set = await pickSet(cluster, given, flags);
      const rendered = await cluster.render(set, { ...renderChoices(flags), ...(flags.tests ? { tests: true } : {}), ...(flags.revealSecrets ? { reveal: true } : {}) });
      printRenderWarnings(ctx, rendered.warnings);
      if (rendered.withheld.length > 0) say(ctx.out, `note: values of ${rendered.withheld.length} Secret(s) withheld (${rendered.withheld.join(', ')}); --reveal-secrets prints them, testbed k8s apply sends them`);
      if (ctx.out.json) return printJson(ctx.out, { namespace: rendered.namespace, objects: rendered.objects, warnings: rendered.warnings });
      ctx.out.result.write(rendered.yaml);
    });

  renderOptions(k8sCommand(k8s, 'chart', 'write a Helm chart of the project (values: set, images, values, resources, storage)'))
    .argument('<dir>', 'directory to write the chart into (its templates/ is replaced)')
    .option('--set <name>', 'default of the chart\'s set value (default: the project name)')
    .option('--chart-version <version>', 'chart version (default: 0.1.0)')
    .action(async (dir: string, flags: RenderFlags & { set?: string; chartVersion?: string }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadProject(ctx);
      const cluster = clusterFor(ctx, project, {});
      const chart = await cluster.chart({
        ...renderChoices(flags),
        ...(flags.set ? { set: flags.set } : {}),
        ...(flags.chartVersion ? { version: flags.chartVersion } : {}),
      });
      printRenderWarnings(ctx, chart.warnings);
      const written = await cluster.writeChart(dir, chart);
      if (ctx.out.json) return printJson(ctx.out, { directory: resolve(dir), files: written, warnings: chart.warnings });
      say(ctx.out, `chart written to ${dir} (${written.length} files); checked: with its default values, its objects are valid Kubernetes ${KUBERNETES_SCHEMA_VERSION} objects`);
      say(ctx.out, `install: helm upgrade --install ${project.name} ${dir} --namespace NAMESPACE --create-namespace`);
    });

  clusterOptions(renderOptions(setOptions(k8sCommand(k8s, 'apply', 'apply the set to the cluster with server-side apply (field manager: testbed)'))))
    .option('--wait', 'wait for each after-start job to succeed before the next')
    .option('--no-prune', 'keep objects of the set that the file no longer has')
    .option('--no-push', 'with --registry: do not build and push the built images (they are there already)')
    .action(async (given: string | undefined, flags: RenderFlags & ClusterFlags & { wait?: boolean; prune?: boolean; push?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const project = await loadSetProject(ctx, given, 'create');
      const cluster = clusterFor(ctx, project, flags);
      const set = await pickSet(cluster, given, flags);
      const pushing = Boolean(flags.registry) && flags.push !== false;
      if (flags.registry && pushing) await cluster.pushImages({ registry: flags.registry, ...(flags.imageTag ? { imageTag: flags.imageTag } : {}), events: ctx.events });
      say(ctx.out, `applying set ${set.set} to namespace ${set.namespace} (context ${await cluster.context()})`);
      const result = await cluster.apply(set, {
        ...renderChoices(flags),
        prune: flags.prune !== false,
        ...(flags.wait ? { wait: {} } : {}),
        onApplied: (object) => (ctx.globals.verbose ? say(ctx.out, `  applied ${object}`) : undefined),
      });
      printRenderWarnings(ctx, result.rendered.warnings);
      if (Object.values(project.services).some((s) => s.build) && !pushing) {
        say(ctx.out, `note: the cluster pulls the built images; testbed k8s images${flags.registry ? ` --registry ${flags.registry}` : ''}${flags.imageTag ? ` --image-tag ${flags.imageTag}` : ''} lists what to build and push`);
      }
      if (ctx.out.json) return printJson(ctx.out, { namespace: result.namespace, context: result.context, applied: result.applied, pruned: result.pruned, jobs: result.jobs, warnings: result.rendered.warnings });
      say(ctx.out, `applied ${result.applied.length} objects${result.pruned.length > 0 ? `, deleted ${result.pruned.length} the file no longer has` : ''}; testbed k8s status ${set.set} shows progress`);
    });

  setOptions(k8sCommand(k8s, 'set-name', 'print the set name (and namespace) for the set, or for the git branch with --set-from-branch')).action(
    async (given: string | undefined, flags: SetFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const set = await pickSet(clusterFor(ctx, await loadSetProject(ctx, given, 'use'), {}), given, flags);
      if (ctx.out.json) return printJson(ctx.out, set);
      ctx.out.result.write(`${set.set}\n`);
    },
  );

  renderOptions(k8sCommand(k8s, 'images', 'the images the file builds, as the cluster will pull them; --push builds and pushes them'))
    .option('--push', 'build (when sources changed), tag and push them to --registry')
    .action(async (flags: RenderFlags & { push?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const cluster = clusterFor(ctx, await loadProject(ctx), {});
      const choices = { ...(flags.registry ? { registry: flags.registry } : {}), ...(flags.imageTag ? { imageTag: flags.imageTag } : {}) };
      if (flags.push) {
        if (!flags.registry) throw new UsageError('--push needs --registry: where the cluster pulls images from');
        await cluster.pushImages({ ...choices, registry: flags.registry, events: ctx.events });
      }
      const images = cluster.images(choices);
      if (ctx.out.json) return printJson(ctx.out, images);
      ctx.out.result.write(table(['SERVICE', 'IMAGE', 'CONTEXT', 'DOCKERFILE'], images.map((i) => [i.service, i.image, i.context, i.dockerfile])) + '\n');
    });

  clusterOptions(setOptions(k8sCommand(k8s, 'status', 'the set\'s services, pods and jobs in the cluster'))).action(
    async (given: string | undefined, flags: SetFlags & ClusterFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const cluster = clusterFor(ctx, await loadSetProject(ctx, given, 'use'), flags);
      const status = await cluster.status(await pickSet(cluster, given, flags));
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
      const cluster = clusterFor(ctx, await loadSetProject(ctx, given, 'use'), flags);
      const { results, warnings } = await cluster.test(await pickSet(cluster, given, flags), only);
      printRenderWarnings(ctx, warnings);
      if (results.some((r) => !r.passed && !r.skipped)) runtime.exitCode = EXIT.testsFailed;
      if (ctx.out.json) return printJson(ctx.out, results);
      const c = colors(ctx.out);
      const outcome = (r: (typeof results)[number]) => (r.passed ? c.green('passed') : r.skipped ? c.yellow('skipped') : c.red('failed'));
      ctx.out.result.write(table(['TEST', 'RESULT', 'WHY'], results.map((r) => [r.name, outcome(r), r.reason ?? ''])) + '\n');
    });

  clusterOptions(setOptions(k8sCommand(k8s, 'destroy', 'delete the set\'s namespace and everything in it, data included'))).action(
    async (given: string | undefined, flags: SetFlags & ClusterFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const options = { ...(flags.context ? { context: flags.context } : {}), signal: ctx.signal };
      // A CI stop job may run without a checkout (its branch is gone): -p names the project then.
      const cluster = await loadProject(ctx).then(
        (project) => Cluster.forProject(project, options),
        (err: unknown) => {
          if (err instanceof ConfigNotFoundError && ctx.globals.projectName) return Cluster.forProjectName(ctx.globals.projectName, options);
          throw err;
        },
      );
      const set = await pickSet(cluster, given, flags);
      await cluster.destroy(set);
      if (ctx.out.json) return printJson(ctx.out, { set: set.set, namespace: set.namespace, destroyed: true });
      say(ctx.out, `set ${set.set} destroyed: namespace ${set.namespace} is being deleted, with its volumes`);
    },
  );

  clusterOptions(k8sCommand(k8s, 'gc', 'delete sets that are stale or whose git branch is gone'))
    .option('--older-than <duration>', 'sets not applied for this long (e.g. 7d, 36h)', durationOption)
    .option('--gone-branches [remote]', 'sets whose branch the remote no longer has (git ls-remote; default remote: origin)')
    .option('--all-projects', 'not only this project\'s sets')
    .option('--dry-run', 'only list what would be deleted')
    .action(async (flags: ClusterFlags & { olderThan?: number; goneBranches?: string | boolean; allProjects?: boolean; dryRun?: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      if (flags.olderThan === undefined && !flags.goneBranches) throw new UsageError('say which sets go: --older-than DURATION and/or --gone-branches');
      const project = flags.allProjects ? undefined : await loadProject(ctx);
      const candidates = await Cluster.collectGarbage(
        {
          ...(flags.olderThan !== undefined ? { olderThanMs: flags.olderThan } : {}),
          ...(flags.goneBranches ? { goneBranchesOf: typeof flags.goneBranches === 'string' ? flags.goneBranches : 'origin' } : {}),
          ...(project ? { project: project.name, directory: project.directory } : {}),
          dryRun: Boolean(flags.dryRun),
        },
        { ...(flags.context ? { context: flags.context } : {}), signal: ctx.signal },
      );
      if (ctx.out.json) return printJson(ctx.out, candidates);
      const rows = candidates.map((g) => [g.namespace, g.set, g.branch ?? '-', g.lastApplied ?? '-', g.reason ? (g.removed ? `deleted: ${g.reason}` : flags.dryRun ? `would delete: ${g.reason}` : g.reason) : 'kept']);
      ctx.out.result.write(table(['NAMESPACE', 'SET', 'BRANCH', 'LAST APPLIED', 'ACTION'], rows) + '\n');
    });
}
