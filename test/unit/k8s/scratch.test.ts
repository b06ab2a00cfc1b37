import { it } from 'vitest';
import { loadProject } from '../../../src/model/load-project.js';
import { readTestbedKeys } from '../../../src/k8s/testbed-keys.js';
import { renderChart } from '../../../src/k8s/chart/chart.js';
it('scratch', async () => {
  const project = await loadProject({ files: ['examples/quickstart/compose.yaml'], env: {} });
  const r = renderChart(project, await readTestbedKeys(project), { env: {} });
  for (const [k, v] of Object.entries(r.files)) if (/values|deployment-app|statefulset/.test(k)) console.log('#### ' + k + '\n' + v);
  console.log(Object.keys(r.files));
});
