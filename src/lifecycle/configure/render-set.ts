/**
 * `testbed render`: what each config of a set renders to, where it goes, without creating
 * anything on the engine. Secret values in the output are masked unless revealed.
 */
import type { Project } from '../../model/project.js';
import { setAddresses } from '../addresses.js';
import type { SetContext } from '../set-context.js';
import { MASK, maskSecrets } from '../../set-config/secret-mask.js';
import { secretOrigin } from '../../set-config/secret-sources.js';
import { setConfiguration } from './prepare.js';
import { renderConfigs } from './set-files.js';
import type { Values } from '../../set-config/values.js';

export interface RenderedFile {
  config: string;
  template: boolean;
  /** Where it is mounted: service and container path. */
  mounts: { service: string; target: string }[];
  content: string;
}

export interface RenderOptions {
  services?: string[];
  valueOverrides?: Values;
  reveal?: boolean;
}

export async function renderSet(ctx: SetContext, project: Project, options: RenderOptions = {}): Promise<RenderedFile[]> {
  const addresses = await setAddresses(ctx, project);
  const config = await setConfiguration(ctx, project, {
    addresses,
    persistValues: false,
    ...(options.valueOverrides ? { valueOverrides: options.valueOverrides } : {}),
  });
  const rendered = await renderConfigs(project, config.context, options.services);
  return rendered.map((r) => ({
    config: r.name,
    template: r.template,
    mounts: Object.values(project.services)
      .filter((s) => !options.services || options.services.includes(s.name))
      .flatMap((s) => s.configs.filter((c) => c.source === r.name).map((c) => ({ service: s.name, target: c.target }))),
    content: options.reveal ? r.content : maskSecrets(r.content, config.secrets),
  }));
}

export interface SecretInfo {
  name: string;
  source: string;
  value: string;
}

/** The set's secrets with where each comes from; values masked unless revealed. */
export async function setSecrets(ctx: SetContext, project: Project, reveal = false): Promise<SecretInfo[]> {
  const addresses = await setAddresses(ctx, project);
  const { secrets } = await setConfiguration(ctx, project, { addresses, persistValues: false });
  return Object.keys(secrets)
    .sort()
    .map((name) => {
      const source = project.secretSources[name];
      return { name, source: source ? secretOrigin(source) : 'compose secret', value: reveal ? secrets[name]! : MASK };
    });
}
