/**
 * Liquid rendering (the shared renderer of templates/) of config templates and of job and test
 * environment and commands, with the context of docs/x-testbed.md as it reads inside a cluster:
 * a service's host is its Service name, its `lan` name the Service's name in the cluster
 * (<service>.<namespace>.svc), and its address that same name (pods have no fixed address).
 * A text that used a secret is mounted from a Secret, never a ConfigMap.
 */
import { hasMarkup, renderTemplate, type TemplateSource } from '../templates/render.js';
import type { Project } from '../model/project.js';
import { serviceName } from './object-names.js';
import type { ResolvedOptions } from './render-options.js';
import type { RenderWarnings } from './render-warnings.js';
import type { SecretValue } from './secret-values.js';

export interface RenderedText {
  text: string;
  /** The text contains a secret's value (so it belongs in a Secret). */
  usesSecrets: boolean;
}

type Values = Record<string, unknown>;

export function mergeValues(base: Values, overrides: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    const bothMaps = [current, value].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    out[key] = bothMaps ? mergeValues(current as Values, value as Values) : value;
  }
  return out;
}

export class TemplateRenderer {
  readonly values: Values;

  constructor(
    private readonly project: Project,
    private readonly options: ResolvedOptions,
    private readonly secrets: Record<string, SecretValue>,
    private readonly warnings: RenderWarnings,
  ) {
    this.values = mergeValues(project.values, options.values);
  }

  private context(values: Values, used: { secrets: boolean }): Record<string, unknown> {
    const { project, options } = this;
    const services: Record<string, unknown> = {};
    for (const service of Object.values(project.services)) {
      const host = serviceName(service.name);
      services[service.name] = {
        name: service.name,
        host,
        lan: `${host}.${options.namespace}.svc`,
        address: host,
        replicas: service.replicas,
        // A Service listens on the container port itself: that is the published port in a cluster.
        ports: service.ports.map((p) => ({ target: p.target, published: p.target, host_ip: null, protocol: p.protocol })),
      };
    }
    const secrets: Record<string, string> = {};
    for (const [name, secret] of Object.entries(this.secrets)) {
      Object.defineProperty(secrets, name, {
        enumerable: true,
        get: () => {
          used.secrets = true;
          return secret.value;
        },
      });
    }
    return { set: { name: options.set, project: project.name, namespace: options.namespace }, services, secrets, values, env: project.variables };
  }

  private async renderWith(source: TemplateSource, values: Values): Promise<RenderedText> {
    const used = { secrets: false };
    const text = await renderTemplate({ directory: this.project.directory, ...source }, this.context(values, used));
    return { text, usesSecrets: used.secrets };
  }

  /**
   * Renders one template. For a chart, values stay Helm values where the template only prints
   * them; a template that computes with them is rendered with the defaults, and said so.
   */
  async render(source: TemplateSource): Promise<RenderedText> {
    if (!hasMarkup(source.text)) return { text: source.text, usesSecrets: false };
    const plain = await this.renderWith(source, this.values);
    const placeholders = this.options.placeholders;
    if (!placeholders) return plain;
    // A template that looks up by a value (values.wikis[values.commons]) fails with placeholders.
    const withTokens = await this.renderWith(source, this.valuePlaceholders(this.values, [])).catch(() => undefined);
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
