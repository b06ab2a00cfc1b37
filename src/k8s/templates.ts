/**
 * Liquid rendering of config templates and job/test environment values, with the context of
 * docs/x-testbed.md as it reads inside a cluster: a service's host is its Service name, and its
 * `lan` name is the Service's name inside the cluster (<service>.<namespace>.svc).
 * A rendered text that used a secret is mounted from a Secret, never a ConfigMap.
 */
import { Liquid } from 'liquidjs';
import { ConfigError } from '../common/errors.js';
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

/** In a chart, each scalar value becomes the placeholder of `.Values.values.<path>`. */
function valuePlaceholders(values: Values, options: ResolvedOptions, path: string[] = []): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = valuePlaceholders(value as Values, options, [...path, key]);
    else if (Array.isArray(value)) out[key] = value;
    else out[key] = options.placeholders!.token(`index .Values.values ${[...path, key].map((k) => JSON.stringify(k)).join(' ')}`);
  }
  return out;
}

export class TemplateRenderer {
  private readonly liquid = new Liquid({ strictVariables: true, strictFilters: true });
  readonly values: Values;

  constructor(
    private readonly project: Project,
    private readonly options: ResolvedOptions,
    private readonly secrets: Record<string, SecretValue>,
    private readonly warnings: RenderWarnings,
  ) {
    this.values = mergeValues(project.testbed.values && typeof project.testbed.values === 'object' ? (project.testbed.values as Values) : {}, options.values);
  }

  private context(values: Values, used: { secrets: boolean }): Record<string, unknown> {
    const { project, options } = this;
    const services: Record<string, unknown> = {};
    for (const service of Object.values(project.services)) {
      const host = serviceName(service.name);
      services[service.name] = {
        host,
        lan: `${host}.${options.namespace}.svc`,
        address: host,
        ports: service.ports.map((p) => ({ target: p.target, published: p.target, protocol: p.protocol })),
        replicas: service.replicas,
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
    return {
      set: { name: options.set, project: project.name, namespace: options.namespace },
      services,
      secrets,
      values,
      env: Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined)),
    };
  }

  private renderWith(text: string, values: Values, where: string): RenderedText {
    const used = { secrets: false };
    try {
      return { text: this.liquid.parseAndRenderSync(text, this.context(values, used)), usesSecrets: used.secrets };
    } catch (err) {
      throw new ConfigError([{ message: `${where}: ${(err as Error).message}` }], {
        hint: 'Fix the template; the variables it can use are listed in docs/x-testbed.md.',
      });
    }
  }

  /**
   * Renders one template. For a chart, values stay Helm values only where the template just
   * prints them; a template that computes with them is rendered with the defaults, and said so.
   */
  render(text: string, where: string): RenderedText {
    const plain = this.renderWith(text, this.values, where);
    const placeholders = this.options.placeholders;
    if (!placeholders) return plain;
    const withTokens = this.renderWith(text, valuePlaceholders(this.values, this.options), where);
    const lookup = (expression: string) => {
      const path = [...expression.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      const value = expression.startsWith('index .Values.values') ? path.reduce<unknown>((v, k) => (v as Values | undefined)?.[k], this.values) : undefined;
      return value === undefined ? '\u0000' : String(value);
    };
    const tokensOnlyForValues = placeholders.replaceTokens(withTokens.text, lookup) === placeholders.replaceTokens(plain.text, lookup);
    if (tokensOnlyForValues) return withTokens;
    this.warnings.add(where, 'uses x-testbed values in logic or filters; the Helm chart holds it rendered with the default values');
    return plain;
  }
}
