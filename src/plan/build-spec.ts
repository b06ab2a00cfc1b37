/** An image build of a service. Pure, like the other specs of plan/. */
import type { Project, Service } from '../model/project.js';
import { LABEL } from './labels.js';
import { builtImageTag } from './names.js';
import { optional, sortedLabels } from './spec-fields.js';
import type { BuildSpec } from './specs.js';

/** Built images are per project, not per set: every set of the project runs the same image. */
export function buildSpec(project: Project, service: Service, buildHash: string, noCache: boolean): BuildSpec {
  const build = service.build;
  if (!build) throw new Error(`buildSpec called for service ${service.name}, which has no build section`);
  return {
    tag: builtImageTag(project.name, service.name, buildHash),
    context: build.context,
    dockerfile: build.dockerfile,
    args: { ...build.args },
    ...optional('target', build.target),
    labels: sortedLabels({
      ...build.labels,
      [LABEL.managed]: 'true',
      [LABEL.project]: project.name,
      [LABEL.service]: service.name,
      [LABEL.buildHash]: buildHash,
    }),
    noCache: noCache || build.noCache === true,
    ...optional('dockerfileInline', build.dockerfileInline),
    ...optional('cacheFrom', build.cacheFrom),
    ...optional('network', build.network),
    ...optional('pull', build.pull),
    ...optional('shmSize', build.shmSizeBytes),
    ...optional('extraHosts', build.extraHosts),
    ...optional('tags', build.tags),
    ...optional('ulimits', build.ulimits),
    ...optional('platform', service.container.platform),
  };
}
