/**
 * Liquid rendering (set-config's, the same as a Docker set's) of config templates and of job and
 * test environment and commands, with the context of docs/x-testbed.md as it reads inside a
 * cluster: a service's host is its Service name, its `lan` name the Service's name in the cluster
 * (<service>.<namespace>.svc), and its address that same name (pods have no fixed address).
 * A text that used a secret is mounted from a Secret, never a ConfigMap.
 */
import type { Project, Service } from '../model/project.js';
import { templateContext, type ServiceView } from '../set-config/template-context.js';
import { hasMarkup, renderTracked, type RenderedText, type TemplateContext, type TemplateSource } from '../set-config/template-render.js';
import { mergeValues, type Values } from '../set-config/values.js';
import type { SecretValue } from './manifest-context.js';
import type { ResolvedManifestOptions } from './manifest-options.js';
import { serviceName } from './object-names.js';
import type { RenderWarnings } from './render-warnings.js';

export class ClusterTemplates {
  readonly values: Values;
  private readonly secrets: Record<string, string>;

  constructor(
    private readonly project: Project,
    private readonly options: ResolvedManifestOptions,
    secrets: Record<string, SecretValue>,
    private readonly warnings: RenderWarnings,
  ) {
    this.values = mergeValues(project.values, options.values);
    this.secrets = Object.fromEntries(Object.entries(secrets).map(([name, s]) => [name, s.value]));
  }

  private context(values: Values): TemplateContext {
    const { options } = this;
    const serviceView = (service: Service): ServiceView => {
      const host = serviceName(service.name);
      // A Service listens on the container port itself: that is the published port in a cluster.
      const ports = service.ports.map((p) => ({ target: p.target, published: p.target, host_ip: null, protocol: p.protocol }));
      return { host, lan: `${host}.${options.namespace}.svc`, address: host, ports };
    };
    return templateContext({ project: this.project, set: { name: options.set, namespace: options.namespace }, serviceView, secrets: this.secrets, values });
  }

  /**
   * Renders one template. For a chart, values stay Helm values where the template only prints
   * them; a template that computes with them is rendered with the defaults, and said so.
   */
  async render(given: TemplateSource): Promise<RenderedText> {
    if (!hasMarkup(given.text)) return { text: given.text, usesSecrets: false };
    // Includes read files of the project directory only.
    const source = { directory: this.project.directory, ...given };
    const plain = await renderTracked(source, this.context(this.values));
    const placeholders = this.options.placeholders;
    if (!placeholders) return plain;
    // A template that looks up by a value (values.wikis[values.commons]) fails with placeholders.
    const withTokens = await renderTracked(source, this.context(this.valuePlaceholders(this.values, []))).catch(() => undefined);
    const lookup = (expression: string) => {
      if (!expression.startsWith('index .Values.values ')) return '\u0000';
      const path = [...expression.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      return String(path.reduce<unknown>((v, k) => (v as Values | undefined)?.[k], this.values));
    };
    if (withTokens && placeholders.replaceTokens(withTokens.text, lookup) === placeholders.replaceTokens(plain.text, lookup)) return withTokens;
    this.warnings.add(source.name, 'uses x-testbed values in logic or filters; the Helm chart holds it as rendered with the default values');
    return plain;
  }

  /** Each scalar value as the placeholder of `.Values.values.<path>` (lists stay as they are). */
  private valuePlaceholders(values: Values, path: string[]): Values {
    const out: Values = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = this.valuePlaceholders(value as Values, [...path, key]);
      else if (Array.isArray(value)) out[key] = value;
      else out[key] = this.options.placeholders!.token(`index .Values.values ${[...path, key].map((k) => JSON.stringify(k)).join(' ')}`);
    }
    return out;
  }
}
