/**
 * `testbed k8s apply --registry R` and `testbed k8s images --push`: the project's built images,
 * pushed to where the cluster pulls them, under the names the rendered manifests use.
 */
import { connectEngine } from '../engine/connect.js';
import { builtImageReference } from '../k8s/index.js';
import { pushBuiltImages, type PushOptions } from '../lifecycle/push-images.js';
import type { Project } from '../model/project.js';

export interface ClusterImageOptions extends PushOptions {
  registry: string;
  imageTag?: string;
}

export async function pushImagesForCluster(project: Project, options: ClusterImageOptions): Promise<string[]> {
  const registry = options.registry.replace(/\/+$/, '');
  const targets = Object.fromEntries(
    Object.values(project.services)
      .filter((s) => s.build)
      .map((s) => [s.name, builtImageReference(project, s, { registry, imageTag: options.imageTag ?? 'latest' })]),
  );
  if (Object.keys(targets).length === 0) return [];
  const engine = await connectEngine({ env: options.env ?? process.env });
  return pushBuiltImages(engine, project, targets, options);
}
