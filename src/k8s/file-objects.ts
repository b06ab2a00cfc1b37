/**
 * Compose configs and secrets as ConfigMaps and Secrets, and their mounts in a service's pod.
 * Each holds one key (`content` for a config, `value` for a secret), mounted with subPath at the
 * target path, as Compose mounts one file. A rendered template that used a secret is a Secret.
 */
import { readFileSync } from 'node:fs';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import type { Project, Service } from '../model/project.js';
import { K8S_ANNOTATION, K8S_LABEL } from './k8s-labels.js';
import { objectName } from './object-names.js';
import type { SecretValue } from './manifest-context.js';
import type { ResolvedManifestOptions } from './manifest-options.js';
import type { RenderWarnings } from './render-warnings.js';
import type { ClusterTemplates } from './cluster-templates.js';

export const CONFIG_KEY = 'content';
export const SECRET_KEY = 'value';

export interface FileObjects {
  objects: (ConfigMap | Secret)[];
  /** Config name -> the kind and name of the object holding it. */
  configs: Map<string, { kind: 'ConfigMap' | 'Secret'; name: string }>;
  /** Secret names that have a Secret object. */
  secrets: Set<string>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function secretObject(name: string, value: string, source: string, labels: Record<string, string>, options: ResolvedManifestOptions, secretName?: string, key = SECRET_KEY): Secret {
  const metadata = {
    name,
    namespace: options.namespace,
    labels: { ...labels, [K8S_LABEL.secretSource]: source },
    // The secret's name in the file, so that apply can keep a generated value (see existing-secrets.ts).
    ...(secretName ? { annotations: { [K8S_ANNOTATION.secretName]: secretName } } : {}),
  };
  // A chart writes the value as text for Helm to fill in; a set writes bytes, as the API keeps them.
  if (options.placeholders) return new Secret({ metadata, type: 'Opaque', stringData: { [key]: value } });
  return new Secret({ metadata, type: 'Opaque', data: { [key]: Buffer.from(value, 'utf8').toString('base64') } });
}

export async function fileObjects(
  project: Project,
  secrets: Record<string, SecretValue>,
  templates: ClusterTemplates,
  labels: Record<string, string>,
  options: ResolvedManifestOptions,
  warnings: RenderWarnings,
): Promise<FileObjects> {
  const out: FileObjects = { objects: [], configs: new Map(), secrets: new Set() };
  const issues: ConfigIssue[] = [];
  const used = new Set(Object.values(project.services).flatMap((s) => s.configs.map((c) => c.source)));

  for (const name of [...used].sort()) {
    const config = project.configs[name];
    if (!config) continue;
    const where = `configs.${name}`;
    if (config.external) {
      warnings.add(where, 'is external (Swarm only); services mount nothing for it');
      continue;
    }
    let bytes: Buffer | undefined;
    if (config.file) {
      try {
        bytes = readFileSync(config.file);
      } catch (err) {
        issues.push({ message: `${where}: cannot read ${config.file}: ${(err as Error).message}` });
        continue;
      }
    } else if (config.content !== undefined) bytes = Buffer.from(config.content, 'utf8');
    else if (config.value !== undefined) bytes = Buffer.from(config.value, 'utf8');
    if (!bytes) continue;
    const objectMeta = { name: objectName.config(name), namespace: options.namespace, labels };
    if (config.template) {
      const rendered = await templates.render({ name: where, text: bytes.toString('utf8'), ...(config.file ? { file: config.file } : {}) });
      if (rendered.usesSecrets) {
        out.objects.push(secretObject(objectMeta.name, rendered.text, 'template', labels, options, undefined, CONFIG_KEY));
        out.configs.set(name, { kind: 'Secret', name: objectMeta.name });
      } else {
        out.objects.push(new ConfigMap({ metadata: objectMeta, data: { [CONFIG_KEY]: rendered.text } }));
        out.configs.set(name, { kind: 'ConfigMap', name: objectMeta.name });
      }
    } else {
      const data = isText(bytes) ? { data: { [CONFIG_KEY]: bytes.toString('utf8') } } : { binaryData: { [CONFIG_KEY]: bytes.toString('base64') } };
      out.objects.push(new ConfigMap({ metadata: objectMeta, ...data }));
      out.configs.set(name, { kind: 'ConfigMap', name: objectMeta.name });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);

  for (const [name, secret] of Object.entries(secrets).sort(([a], [b]) => a.localeCompare(b))) {
    out.objects.push(secretObject(objectName.secret(name), secret.value, secret.source, labels, options, name));
    out.secrets.add(name);
  }
  return out;
}

export interface FileMounts {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  env: IEnvVar[];
}

/** A service's configs and secrets: files at their targets, and secret_environment as variables. */
export function fileMounts(service: Service, files: FileObjects, warnings: RenderWarnings): FileMounts {
  const out: FileMounts = { volumes: [], mounts: [], env: [] };
  const path = `services.${service.name}`;
  service.configs.forEach((ref, i) => {
    const held = files.configs.get(ref.source);
    if (!held) return;
    const name = `config-${i}`;
    const item = { key: CONFIG_KEY, path: CONFIG_KEY, ...(ref.mode !== undefined ? { mode: ref.mode } : {}) };
    out.volumes.push(held.kind === 'ConfigMap' ? { name, configMap: { name: held.name, items: [item] } } : { name, secret: { secretName: held.name, items: [item] } });
    out.mounts.push({ name, mountPath: ref.target, subPath: CONFIG_KEY, readOnly: true });
    if (ref.uid !== undefined || ref.gid !== undefined) warnings.add(`${path}.configs`, `${ref.source}: uid and gid have no meaning for a mounted ConfigMap (its files belong to root, and to the pod's fsGroup)`);
  });
  service.secrets.forEach((ref, i) => {
    if (!files.secrets.has(ref.source)) {
      warnings.add(`${path}.secrets`, `${ref.source} has no value Testbed can put in a Secret (external?); nothing is mounted at ${ref.target}`);
      return;
    }
    const name = `secret-${i}`;
    // 0444, as on Docker (Compose's default): the file belongs to root in a pod, and a non-root user must read it.
    const mode = ref.mode ?? 0o444;
    out.volumes.push({ name, secret: { secretName: objectName.secret(ref.source), items: [{ key: SECRET_KEY, path: SECRET_KEY, mode }] } });
    out.mounts.push({ name, mountPath: ref.target, subPath: SECRET_KEY, readOnly: true });
    if (ref.uid !== undefined || ref.gid !== undefined) warnings.add(`${path}.secrets`, `${ref.source}: uid and gid have no meaning for a mounted Secret (its files belong to root, and to the pod's fsGroup)`);
  });
  for (const [variable, secret] of Object.entries(service.secretEnvironment)) {
    out.env.push({ name: variable, valueFrom: { secretKeyRef: { name: objectName.secret(secret), key: SECRET_KEY } } });
  }
  return out;
}
