/**
 * Everything a set's configuration needs before its containers are created: its values,
 * its secrets, the template context, and the rendered files written to its folder.
 * Rendering fails here, before anything is created on the engine.
 */
import { chmod } from 'node:fs/promises';
import type { Project } from '../../model/project.js';
import type { MaterialisedFile } from '../../plan/mounts.js';
import type { PublishMode } from '../../plan/port-bindings.js';
import type { TemplateContext } from '../../set-config/template-render.js';
import type { SetContext } from '../set-context.js';
import { renderConfigs, setFileList, writeSetFiles } from './set-files.js';
import { ensureSetSecrets } from './secret-store.js';
import type { Values } from '../../set-config/values.js';
import { templateContext } from '../../set-config/template-context.js';
import { dockerServiceView } from './docker-services.js';
import { setValues } from './value-store.js';

export interface SetConfiguration {
  values: Values;
  secrets: Record<string, string>;
  context: TemplateContext;
}

export interface PrepareOptions {
  addresses: Record<string, string>;
  /** New overrides for this set (--set-value, --values), kept in its folder. */
  valueOverrides?: Values;
  publish?: PublishMode;
  /** false: use the overrides for this call only (a preview such as `testbed render`). */
  persistValues?: boolean;
}

export async function setConfiguration(ctx: SetContext, project: Project, options: PrepareOptions): Promise<SetConfiguration> {
  const [values, secrets] = await Promise.all([
    setValues(ctx.folder, project.values, options.valueOverrides, options.persistValues ?? true),
    ensureSetSecrets(ctx.folder, project),
  ]);
  const serviceView = dockerServiceView(project, ctx.set, options.addresses, options.publish);
  const context = templateContext({ project, set: { name: ctx.set }, serviceView, secrets, values });
  return { values, secrets, context };
}

export interface PreparedFiles {
  files: Record<string, MaterialisedFile[]>;
  secretEnvironment: Record<string, Record<string, string>>;
}

/** `write: false` computes what would be written (and the plan needs) without touching the set's folder. */
export async function prepareSetFiles(ctx: SetContext, project: Project, config: SetConfiguration, options: { write?: boolean } = {}): Promise<PreparedFiles> {
  const rendered = await renderConfigs(project, config.context);
  const write = options.write ?? true;
  const files = write ? await writeSetFiles(ctx.folder, project, rendered, config.secrets) : setFileList(ctx.folder, project, rendered, config.secrets);
  // A read-only container gets its files bind-mounted: they keep the mode asked for.
  for (const service of Object.values(project.services)) {
    if (!service.readOnly || !write) continue;
    for (const file of files[service.name] ?? []) await chmod(file.hostPath, file.mode);
  }
  const secretEnvironment: Record<string, Record<string, string>> = {};
  for (const service of Object.values(project.services)) {
    const entries = Object.entries(service.secretEnvironment);
    if (entries.length > 0) secretEnvironment[service.name] = Object.fromEntries(entries.map(([k, name]) => [k, config.secrets[name]!]));
  }
  return { files, secretEnvironment };
}
