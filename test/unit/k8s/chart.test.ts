/**
 * `testbed k8s chart`: a Helm chart that passes a structural check. The `helm` binary is not
 * installed here, so templates are rendered with Testbed's own Helm subset (chart/helm-subset.ts)
 * with the default values, and every object is validated against the schema.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkChart } from '../../../src/k8s/chart/check-chart.js';
import { checkValues, renderChart } from '../../../src/k8s/chart/chart.js';
import { renderHelmSubset } from '../../../src/k8s/chart/helm-subset.js';
import { escapeHelm, Placeholders } from '../../../src/k8s/chart/placeholders.js';
import { writeChart } from '../../../src/k8s/chart/write-chart.js';
import { readTestbedKeys } from '../../../src/k8s/manifest-inputs.js';
import { loadExample } from './k8s-fixtures.js';

const helmInstalled = (() => {
  try {
    execFileSync('helm', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function quickstartChart() {
  const project = await loadExample('quickstart');
  return renderChart(project, await readTestbedKeys(project), { imageTag: '1.0' });
}

describe('testbed k8s chart', () => {
  it('writes Chart.yaml, values.yaml and one template per object', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-chart-'));
    await writeChart(dir, await quickstartChart());
    expect((await readdir(dir)).sort()).toEqual(['.helmignore', 'Chart.yaml', 'templates', 'values.yaml']);
    expect(parse(await readFile(join(dir, 'Chart.yaml'), 'utf8'))).toMatchObject({ apiVersion: 'v2', name: 'quickstart', version: '0.1.0', appVersion: '1.0', type: 'application' });
    expect((await readdir(join(dir, 'templates'))).sort()).toEqual([
      '01-secret-secret-db-password.yaml',
      '02-service-app.yaml',
      '03-service-db.yaml',
      '04-service-web.yaml',
      '05-statefulset-db.yaml',
      '06-deployment-app.yaml',
      '07-deployment-web.yaml',
    ]);
  });

  it('has values for the set, images, values, resources, storage and the secret seed', async () => {
    const values = parse((await quickstartChart()).files['values.yaml']!) as Record<string, unknown>;
    expect(values).toEqual({
      set: 'quickstart',
      images: {
        db: { repository: 'testbed/quickstart-db', tag: '1.0' },
        app: { repository: 'testbed/quickstart-app', tag: '1.0' },
        web: { repository: 'testbed/quickstart-web', tag: '1.0' },
      },
      resources: { db: {}, app: {}, web: {} },
      storageClass: null,
      storage: { 'db-data': { size: '1Gi' } },
      values: {},
      secretSeed: '',
    });
  });

  it('has templates that render with the default values (and a seed) to valid objects', async () => {
    const chart = await quickstartChart();
    const check = checkChart(chart.files, { secretSeed: 'seed' }, 'feature-x');
    expect(check.issues).toEqual([]);
    expect(check.objects.map((o) => `${o.kind}/${o.metadata?.name}/${o.metadata?.namespace}`)).toContain('StatefulSet/db/feature-x');
  });

  it('asks for the secret seed when it is not given (generated secrets derive from it)', async () => {
    const check = checkChart((await quickstartChart()).files);
    expect(check.issues.map((i) => i.message)).toEqual([expect.stringContaining('install with --set-string secretSeed=')]);
  });

  it('takes the set, images, resources and storage from the values given at install', async () => {
    const check = checkChart((await quickstartChart()).files, {
      set: 'feature-x',
      secretSeed: 'seed',
      images: { web: { repository: 'registry.example.com/web', tag: 'abc' } },
      resources: { web: { limits: { memory: '128Mi' } } },
      storageClass: 'efs',
      storage: { 'db-data': { size: '5Gi' } },
    });
    expect(check.issues).toEqual([]);
    const json = (kind: string, name: string) => JSON.stringify(check.objects.find((o) => o.kind === kind && o.metadata?.name === name));
    expect(json('Deployment', 'web')).toContain('"image":"registry.example.com/web:abc"');
    expect(json('Deployment', 'web')).toContain('"resources":{"limits":{"memory":"128Mi"}}');
    expect(json('Deployment', 'web')).toContain('"dev.testbed.set":"feature-x"');
    expect(json('StatefulSet', 'db')).toContain('"storage":"5Gi"');
    expect(json('StatefulSet', 'db')).toContain('"storageClassName":"efs"');
  });

  it('derives the same generated password in every object from the seed', async () => {
    const project = await loadExample('wikifarm', ['replica', 'dumpsweb']);
    const keys = await readTestbedKeys(project);
    const chart = await renderChart(project, keys);
    const check = checkChart(chart.files, checkValues(keys));
    expect(check.issues).toEqual([]);
    const secret = check.objects.find((o) => o.kind === 'Secret' && o.metadata?.name === 'secret-wikiuser-password') as unknown as { stringData: { value: string } };
    const local = check.objects.find((o) => o.kind === 'Secret' && o.metadata?.name === 'config-localsettings-php') as unknown as { stringData: { content: string } };
    expect(secret.stringData.value).toMatch(/^[0-9a-f]{24}$/);
    expect(local.stringData.content).toContain(secret.stringData.value);
  });

  it('keeps x-testbed values as Helm values where a template only prints them, and says where it cannot', async () => {
    const project = await loadExample('wikifarm', ['replica', 'dumpsweb']);
    const keys = await readTestbedKeys(project);
    const chart = await renderChart(project, keys);
    const common = Object.entries(chart.files).find(([path]) => path.includes('configmap-config-commonsettings-php'))![1];
    expect(common).toContain("$wgRateLimits['edit']['ip'] = [ {{ index .Values.values \"mediawiki\" \"anon_edits_per_minute\" }}, 60 ];");
    const check = checkChart(chart.files, { ...checkValues(keys), values: { mediawiki: { anon_edits_per_minute: 7 } } });
    expect(JSON.stringify(check.objects.find((o) => o.metadata?.name === 'config-commonsettings-php'))).toContain("['ip'] = [ 7, 60 ]");
    // farm-index.html url-encodes a value and compares another: it is rendered with the defaults.
    expect(chart.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['configs.farm-index.html', 'configs.InitialiseSettings.php']));
  });

  it.skipIf(!helmInstalled)('passes helm lint and helm template (only where helm is installed)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-chart-'));
    await writeChart(dir, await quickstartChart());
    execFileSync('helm', ['lint', dir, '--set', 'secretSeed=seed']);
    execFileSync('helm', ['template', 'demo', dir, '--set', 'secretSeed=seed']);
  });
});

describe('the Helm subset the chart check renders with', () => {
  const scope = { Values: { a: { b: 'x y' }, n: null, m: { k: 1 } }, Release: { Name: 'r', Namespace: 'ns' } };

  it('renders values, quoting, JSON, YAML blocks and trim markers as Helm does', () => {
    expect(renderHelmSubset('v: {{ .Values.a.b | quote }}', scope)).toBe('v: "x y"');
    expect(renderHelmSubset('v: {{ .Values.n | toJson }}', scope)).toBe('v: null');
    expect(renderHelmSubset('r:\n  {{- toYaml .Values.m | nindent 2 }}', scope)).toBe('r:\n  k: 1');
    expect(renderHelmSubset('{{ index .Values "a" "b" }}/{{ .Release.Namespace }}', scope)).toBe('x y/ns');
    expect(renderHelmSubset('{{ "{{" }} literal', scope)).toBe('{{ literal');
  });

  it('refuses what it does not know, rather than guessing', () => {
    expect(() => renderHelmSubset('{{ .Values.a | upper }}', scope)).toThrow(/not a function/);
    expect(() => renderHelmSubset('{{ if .Values.a }}x{{ end }}', scope)).toThrow();
  });

  it('escapes project text that looks like a Helm action, and quotes only whole values', () => {
    const placeholders = new Placeholders();
    const token = placeholders.token('.Values.set');
    const object = placeholders.markWholeValues({ a: '{{ not helm }}', b: token, c: `x-${token}`, d: `title: ${token}\n` });
    const text = placeholders.substitute(escapeHelm(stringify(object)));
    expect(text).toBe('a: "{{ "{{" }} not helm }}"\nb: {{ .Values.set | quote }}\nc: x-{{ .Values.set }}\nd: |\n  title: {{ .Values.set }}\n');
    expect(renderHelmSubset(text, { Values: { set: '42' }, Release: { Name: 'r', Namespace: 'ns' } })).toBe('a: "{{ not helm }}"\nb: "42"\nc: x-42\nd: |\n  title: 42\n');
  });
});
