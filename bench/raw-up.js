// Baseline for `npm run bench`: the same containers made with raw, parallel Engine API calls
// (dockerode), no planning, no readiness: the floor any orchestration tool stands on.
import Docker from 'dockerode';

const [, , prefix, countArg] = process.argv;
const count = Number(countArg);
const docker = new Docker();
const labels = { 'dev.testbed.test': 'bench', 'dev.testbed.bench': prefix };

const network = await docker.createNetwork({ Name: `${prefix}-net`, Labels: labels });
const containers = await Promise.all(
  Array.from({ length: count }, (_, i) =>
    docker.createContainer({
      name: `${prefix}-s${i + 1}`,
      Image: 'busybox:latest',
      Cmd: ['sleep', '3600'],
      Labels: labels,
      StopSignal: 'SIGKILL',
      HostConfig: { NetworkMode: network.id },
      NetworkingConfig: { EndpointsConfig: { [`${prefix}-net`]: { Aliases: [`s${i + 1}`] } } },
    }),
  ),
);
await Promise.all(containers.map((c) => c.start()));
