/**
 * `testbed k8s chart`: a Helm chart of the project. Its files are compared with golden copies
 * (test/fixtures/k8s/charts, made when Testbed still rendered its templates with its own Helm
 * subset, which checked that they render to valid objects); where the `helm` binary is installed,
 * `helm template` renders them with the values an install gives, and every object is validated.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../src/k8s/chart/chart.js';
import { escapeHelm, Placeholders } from '../../../src/k8s/chart/placeholders.js';
import { writeChart } from '../../../src/k8s/chart/write-chart.js';
import { schemaIssues } from '../../../src/k8s/validate.js';
import { FIXTURES, loadExample, projectFromYaml, typedDocuments } from './k8s-fixtures.js';

const helmInstalled = (() => {
  try {
    execFileSync('helm', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function quickstartChart() {
  return renderChart(await loadExample('quickstart'), { imageTag: '1.0' });
}

async function wikifarmChart() {
  return renderChart(await loadExample('wikifarm', ['replica', 'dumpsweb']));
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[relative(dir, join(entry.parentPath, entry.name))] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

/** `helm template` of a written chart with the values given (--set-string name=value). */
async function helmTemplate(files: Record<string, string>, values: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-chart-'));
  await writeChart(dir, { files, warnings: [] });
  const sets = Object.entries(values).flatMap(([k, v]) => ['--set-string', `${k}=${v}`]);
  return typedDocuments(execFileSync('helm', ['template', 'demo', dir, '--namespace', 'feature-x', ...sets], { encoding: 'utf8' }));
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

  it.each([
    ['quickstart', quickstartChart],
    ['wikifarm', wikifarmChart],
  ])('writes the %s chart exactly as its golden copy: every template, value and Helm action', async (name, chart) => {
    expect((await chart()).files).toEqual(await filesIn(join(FIXTURES, 'charts', `chart-${name}`)));
  });

  it('takes the set, images, resources and storage from values, and the secrets from the seed', async () => {
    const files = (await quickstartChart()).files;
    const web = files['templates/07-deployment-web.yaml']!;
    expect(web).toContain('image: {{ printf "%s:%s" (index .Values.images "web" "repository") (index .Values.images "web" "tag" | toString) | quote }}');
    expect(web).toContain('{{- toYaml (index .Values.resources "web") | nindent');
    expect(web).toContain('dev.testbed.set: {{ .Values.set | quote }}');
    const db = files['templates/05-statefulset-db.yaml']!;
    expect(db).toContain('storage: {{ index .Values.storage "db-data" "size" | quote }}');
    expect(db).toContain('storageClassName: {{ .Values.storageClass | toJson }}');
    expect(files['templates/01-secret-secret-db-password.yaml']).toContain('required "install with --set-string secretSeed=<random text>, and keep it for upgrades" .Values.secretSeed');
  });

  it('keeps x-testbed values as Helm values where a template only prints them, and says where it cannot', async () => {
    const chart = await wikifarmChart();
    const common = Object.entries(chart.files).find(([path]) => path.includes('configmap-config-commonsettings-php'))![1];
    expect(common).toContain("$wgRateLimits['edit']['ip'] = [ {{ index .Values.values \"mediawiki\" \"anon_edits_per_minute\" }}, 60 ];");
    // farm-index.html url-encodes a value and compares another: it is rendered with the defaults.
    expect(chart.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['configs.farm-index.html', 'configs.InitialiseSettings.php']));
  });

  it('refuses a chart whose set would not be valid Kubernetes with the default values', async () => {
    const project = await projectFromYaml('name: shop\nservices:\n  web: { image: nginx:1.27, ports: ["8080:80"] }\n');
    project.services.web!.replicas = 1.5;
    const err = await renderChart(project).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', hint: expect.stringContaining('default values the chart does not make valid Kubernetes 1.33 objects') });
    expect((err as Error).message).toContain('Deployment/web: /spec/replicas must be integer');
  });

  it.skipIf(!helmInstalled)('renders with helm to valid objects, with the default values and a seed (only where helm is installed)', async () => {
    const objects = await helmTemplate((await quickstartChart()).files, { secretSeed: 'seed' });
    expect(schemaIssues(objects)).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}/${o.metadata?.namespace}`)).toContain('StatefulSet/db/feature-x');
  });

  it.skipIf(!helmInstalled)('asks for the secret seed at install when it is not given (only where helm is installed)', async () => {
    expect(() => execFileSync('helm', ['template', 'demo', FIXTURES + '/charts/chart-quickstart'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/install with --set-string secretSeed=/);
  });

  it.skipIf(!helmInstalled)('takes what the values given at install say (only where helm is installed)', async () => {
    const objects = await helmTemplate((await quickstartChart()).files, {
      set: 'feature-x',
      secretSeed: 'seed',
      'images.web.repository': 'registry.example.com/web',
      'images.web.tag': 'abc',
      'resources.web.limits.memory': '128Mi',
      storageClass: 'efs',
      'storage.db-data.size': '5Gi',
    });
    expect(schemaIssues(objects)).toEqual([]);
    const json = (kind: string, name: string) => JSON.stringify(objects.find((o) => o.kind === kind && o.metadata?.name === name));
    expect(json('Deployment', 'web')).toContain('"image":"registry.example.com/web:abc"');
    expect(json('Deployment', 'web')).toContain('"resources":{"limits":{"memory":"128Mi"}}');
    expect(json('Deployment', 'web')).toContain('"dev.testbed.set":"feature-x"');
    expect(json('StatefulSet', 'db')).toContain('"storage":"5Gi"');
    expect(json('StatefulSet', 'db')).toContain('"storageClassName":"efs"');
  });

  it.skipIf(!helmInstalled)('derives the same generated password in every object from the seed (only where helm is installed)', async () => {
    const objects = await helmTemplate((await wikifarmChart()).files, { secretSeed: 'seed' });
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata?.name === 'secret-wikiuser-password') as unknown as { stringData: { value: string } };
    const local = objects.find((o) => o.kind === 'Secret' && o.metadata?.name === 'config-localsettings-php') as unknown as { stringData: { content: string } };
    expect(secret.stringData.value).toMatch(/^[0-9a-f]{24}$/);
    expect(local.stringData.content).toContain(secret.stringData.value);
  });

  it.skipIf(!helmInstalled)('passes helm lint (only where helm is installed)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testbed-chart-'));
    await writeChart(dir, await quickstartChart());
    execFileSync('helm', ['lint', dir, '--set', 'secretSeed=seed']);
  });
});

describe('Helm placeholders', () => {
  it('escapes project text that looks like a Helm action, and quotes only whole values', () => {
    const placeholders = new Placeholders();
    const token = placeholders.token('.Values.set');
    const object = placeholders.markWholeValues({ a: '{{ not helm }}', b: token, c: `x-${token}`, d: `title: ${token}\n` });
    const text = placeholders.substitute(escapeHelm(stringify(object)));
    expect(text).toBe('a: "{{ "{{" }} not helm }}"\nb: {{ .Values.set | quote }}\nc: x-{{ .Values.set }}\nd: |\n  title: {{ .Values.set }}\n');
  });
});
