/**
 * The image a cluster pulls for a service. Images built from the file exist only on the
 * machine that built them, so they need a registry the cluster can pull from (`--registry`).
 */
import { builtImageRepository } from '../plan/names.js';
import type { Project, Service } from '../model/project.js';
import type { ResolvedManifestOptions } from './manifest-options.js';
import type { RenderWarnings } from './render-warnings.js';

/** Repository and tag of a reference like registry:5000/team/app:1.2 (a digest counts as the tag). */
export function splitImage(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repository: ref.slice(0, at), tag: ref.slice(at) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: 'latest' };
}

/** Where a built service's image is pushed to and pulled from. */
export function builtImageReference(project: Project, service: Service, options: Pick<ResolvedManifestOptions, 'registry' | 'imageTag'>): { repository: string; tag: string } {
  const named = service.image ? splitImage(service.image) : undefined;
  const base = named?.repository ?? builtImageRepository(project.name, service.name);
  const repository = options.registry ? `${options.registry}/${base.replace(/^[^/]+[.:][^/]*\//, '')}` : base;
  return { repository, tag: options.imageTag };
}

export function imageFor(project: Project, service: Service, options: ResolvedManifestOptions, warnings: RenderWarnings): string {
  const placeholders = options.placeholders;
  if (placeholders) {
    const key = JSON.stringify(service.name);
    return placeholders.token(`printf "%s:%s" (index .Values.images ${key} "repository") (index .Values.images ${key} "tag" | toString)`);
  }
  if (!service.build) return service.image!;
  const { repository, tag } = builtImageReference(project, service, options);
  if (!options.registry) {
    warnings.add(`services.${service.name}.build`, `is built locally; the cluster must be able to pull ${repository}:${tag} (pass --registry to name a registry it can pull from)`);
  }
  return `${repository}:${tag}`;
}

/** Default chart values: each service's image split into repository and tag. */
export function chartImageValues(project: Project, options: Pick<ResolvedManifestOptions, 'registry' | 'imageTag'>): Record<string, { repository: string; tag: string }> {
  return Object.fromEntries(
    Object.values(project.services).map((s) => [s.name, s.build ? builtImageReference(project, s, options) : splitImage(s.image!)]),
  );
}
