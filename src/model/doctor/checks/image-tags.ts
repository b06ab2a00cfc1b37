/**
 * V Build, release, run: a release is one fixed build. `image: app` or `app:latest` is whatever
 * the registry holds that day; so is a Dockerfile's `FROM base` or `FROM base:latest`. A tag
 * pinned to a version or a digest passes; Testbed's own tags of built images are content hashes.
 */
import { finding, type StaticCheck } from '../check.js';

/** The tag of a reference, '' without one, undefined with a digest (pinned). */
export function tagOf(ref: string): string | undefined {
  if (ref.includes('@')) return undefined;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon < 0 ? '' : ref.slice(colon + 1);
}

function floating(ref: string): boolean {
  const tag = tagOf(ref);
  return tag === '' || tag === 'latest';
}

/** FROM lines of a Dockerfile, without build stages named earlier and `scratch`. */
export function baseImages(dockerfile: string): { ref: string; line: number }[] {
  const stages = new Set<string>();
  const out: { ref: string; line: number }[] = [];
  dockerfile.split('\n').forEach((text, i) => {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(text);
    if (!m) return;
    const ref = m[1]!;
    if (!stages.has(ref.toLowerCase()) && ref !== 'scratch' && !ref.includes('$')) out.push({ ref, line: i + 1 });
    if (m[2]) stages.add(m[2].toLowerCase());
  });
  return out;
}

export const imageTags: StaticCheck = {
  id: 'build-release-run.image-tags',
  factor: 'build-release-run',
  title: '`latest` or missing tags of images and base images',
  run(input, service) {
    const fix = 'Pin a version tag (debian:bookworm-slim, postgres:16.4) or a digest (image@sha256:...), and change it on purpose.';
    if (!service.build) {
      if (!service.image) return [];
      return floating(service.image)
        ? [finding(this, service.name, 'fail', `image ${service.image} floats: ${tagOf(service.image) ? 'latest' : 'no tag'} is whatever the registry holds today`, fix)]
        : [finding(this, service.name, 'pass', `image ${service.image} is pinned`)];
    }
    const dockerfile = input.dockerfiles[service.name];
    if (!dockerfile) return [finding(this, service.name, 'unknown', 'its Dockerfile could not be read', 'Check that the build context and dockerfile exist.')];
    const loose = baseImages(dockerfile.text).filter((b) => floating(b.ref));
    if (loose.length > 0) {
      const list = loose.map((b) => `FROM ${b.ref} (${dockerfile.path}:${b.line})`).join(', ');
      return [finding(this, service.name, 'warn', `built on floating base images: ${list}`, fix)];
    }
    return [finding(this, service.name, 'pass', `built from ${dockerfile.path} on pinned base images`)];
  },
};
