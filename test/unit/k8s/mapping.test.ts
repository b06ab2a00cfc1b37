/** The mapping table of docs/kubernetes.md, one row at a time, on small Compose files. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/common/errors.js';
import { plain, type PlainObject } from '../../../src/k8s/kube-object.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import type { ManifestOptions } from '../../../src/k8s/manifest-options.js';
import { byKind, FIXED, podOf, projectFromYaml } from './k8s-fixtures.js';

async function render(compose: string, options: Partial<ManifestOptions> = {}, files: Record<string, string> = {}) {
  const project = await projectFromYaml(compose, files);
  const rendered = await renderManifests(project, { set: 'one', ...FIXED, ...options });
  return { rendered, objects: rendered.objects.map(plain) };
}

describe('Compose to Kubernetes, key by key', () => {
  it('maps user, cap_add, cap_drop and read_only to the securityContext, and the user\'s group to the volumes', async () => {
    const { objects } = await render(`
name: sec
services:
  app:
    image: alpine:3.20
    user: "1000:2000"
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    read_only: true
    volumes: [data:/data]
volumes: { data: {} }
`);
    const pod = podOf(byKind(objects, 'StatefulSet', 'app'));
    expect(pod.containers[0]!.securityContext).toEqual({
      runAsUser: 1000,
      runAsGroup: 2000,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    expect(pod.securityContext).toEqual({ fsGroup: 2000 });
  });

  it('with arbitrary_uid leaves the user to the platform and seeds writable paths group-0 writable (OpenShift)', async () => {
    const { objects, rendered } = await render(`
name: mautic
services:
  web:
    image: mautic/mautic:5
    user: "33"
    volumes: [media:/var/www/html/media]
    x-testbed:
      arbitrary_uid: true
      writable_paths: [/var/www/html/var/cache]
volumes: { media: {} }
`);
    const pod = podOf(byKind(objects, 'StatefulSet', 'web'));
    const main = pod.containers[0]!;
    expect(main.securityContext.runAsUser).toBeUndefined();
    expect(main.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(main.volumeMounts).toEqual([
      { name: 'media', mountPath: '/var/www/html/media' },
      { name: 'writable-0', mountPath: '/var/www/html/var/cache' },
    ]);
    const seed = pod.initContainers!.find((c) => c.name === 'testbed-seed-writable')!;
    expect(seed.image).toBe('mautic/mautic:5');
    expect(seed.command.at(-1)).toContain("seed '/var/www/html/var/cache' /testbed-writable/1");
    expect(seed.command.at(-1)).toContain('chmod -R g=u "$$2"');
    expect(rendered.warnings).toContainEqual({ path: 'services.web.user', message: 'is left out: with arbitrary_uid the platform chooses the user' });
  });

  it('maps resource limits, tmpfs, hostname, extra_hosts and stop_grace_period', async () => {
    const { objects } = await render(`
name: misc
services:
  app:
    image: alpine:3.20
    hostname: box
    extra_hosts: ["api.local:10.0.0.5", "db.local=10.0.0.5"]
    stop_grace_period: 45s
    tmpfs: ["/run:size=64m"]
    deploy: { resources: { limits: { memory: 256M, cpus: "0.5" } } }
`);
    const pod = podOf(byKind(objects, 'Deployment', 'app'));
    expect(pod.containers[0]!.resources).toEqual({ limits: { memory: '256Mi', cpu: '500m' } });
    expect(pod.volumes).toEqual([{ name: 'tmpfs-opt-0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    expect(pod.hostname).toBe('box');
    expect(pod.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['api.local', 'db.local'] }]);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
  });

  it('adds a liveness probe behind a startup probe that covers the start period, when asked', async () => {
    const { objects } = await render(`
name: live
services:
  app:
    image: alpine:3.20
    healthcheck: { test: "wget -q -O- localhost:8080/health", interval: 10s, timeout: 2s, retries: 3, start_period: 60s }
    x-testbed: { liveness_probe: true }
`);
    const main = podOf(byKind(objects, 'Deployment', 'app')).containers[0]!;
    expect(main.livenessProbe).toEqual(main.readinessProbe);
    expect(main.readinessProbe.exec.command).toEqual(['/bin/sh', '-c', 'wget -q -O- localhost:8080/health']);
    expect(main.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 15 });
  });

  it('reports bind mounts and published host ports, and leaves the bind mount out', async () => {
    const { objects, rendered } = await render(`
name: binds
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
    volumes: ["./site:/usr/share/nginx/html:ro"]
`);
    expect(podOf(byKind(objects, 'Deployment', 'web')).volumes).toBeUndefined();
    expect(rendered.warnings.map((w) => w.path)).toEqual(['services.web.ports', 'services.web.volumes']);
  });

  it('gives network aliases a Service each, and a service without ports a headless Service', async () => {
    const { objects } = await render(`
name: dns
services:
  db:
    image: postgres:16
    expose: ["5432"]
    networks: { default: { aliases: [database] } }
  worker:
    image: alpine:3.20
`);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['database', 'db', 'worker']);
    expect(byKind(objects, 'Service', 'worker').spec).toMatchObject({ clusterIP: 'None' });
  });

  it('names objects the way Kubernetes allows, and says so', async () => {
    const { objects, rendered } = await render(`
name: names
services:
  Web_Front:
    image: nginx:1.27
    expose: ["80"]
`);
    expect(byKind(objects, 'Service', 'web-front')).toBeDefined();
    expect(rendered.warnings.map((w) => w.message)).toContain('is named web-front in the cluster (Kubernetes names are lowercase letters, digits and "-"), so other services reach it by that name');
  });

  it('refuses two keys that would become the same object', async () => {
    await expect(
      render(`
name: clash
services:
  web_1: { image: nginx:1.27 }
  web-1: { image: nginx:1.27 }
`),
    ).rejects.toThrow(ConfigError);
  });

  it('makes a scheduled job a CronJob, and a once: false job a new Job on each apply', async () => {
    const compose = `
name: cron
services:
  app: { image: alpine:3.20, expose: ["80"] }
x-testbed:
  jobs:
    nightly: { image: alpine:3.20, command: [echo, hi], schedule: "0 3 * * *" }
    warm: { run: app, command: [warm-cache], once: false }
`;
    const first = await render(compose);
    const cron = byKind(first.objects, 'CronJob', 'cron-nightly') as PlainObject & { spec: Record<string, unknown> };
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' });
    const later = await render(compose, { now: new Date('2026-01-03T00:00:00Z') });
    expect(first.rendered.jobOrder).toHaveLength(1);
    expect(later.rendered.jobOrder[0]).not.toBe(first.rendered.jobOrder[0]);
  });

  it('gives a run: job (a CronJob too) the service\'s configs and secret environment, as its own pods have them', async () => {
    const { objects } = await render(`
name: runfiles
services:
  app:
    image: alpine:3.20
    environment: { DB_PASSWORD: "" }
    configs: [{ source: app-conf, target: /etc/app/app.conf }]
    x-testbed: { secret_environment: { DB_PASSWORD: db_password } }
configs:
  app-conf: { content: "greeting = hello" }
x-testbed:
  secrets:
    db_password: { generate: { length: 12 } }
  jobs:
    cron: { run: app, command: [tick], schedule: "*/15 * * * *" }
`);
    const cron = byKind(objects, 'CronJob', 'cron-cron') as PlainObject & { spec: { jobTemplate: { spec: { template: { spec: Record<string, any> } } } } };
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'secret-db-password', key: 'value' } } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'config-0', mountPath: '/etc/app/app.conf', subPath: 'content', readOnly: true }]);
    expect(pod.volumes).toHaveLength(1);
  });

  it('keeps the generated secrets the cluster already has', async () => {
    const compose = `
name: keep
services:
  app: { image: alpine:3.20, x-testbed: { secret_environment: { TOKEN: token } } }
x-testbed:
  secrets:
    token: { generate: { length: 8, alphabet: hex } }
    token_hash: { derive: { from: token, hash: sha256 } }
`;
    const { objects } = await render(compose, { existingSecrets: { token: 'cafe0001' } });
    const value = (name: string) => Buffer.from((byKind(objects, 'Secret', name) as PlainObject & { data: { value: string } }).data.value, 'base64').toString();
    expect(value('secret-token')).toBe('cafe0001');
    expect(value('secret-token-hash')).toBe(createHash('sha256').update('cafe0001').digest('hex'));
  });

  it('uses the storage class and volume sizes of x-testbed.kubernetes', async () => {
    const { objects } = await render(`
name: sizes
services:
  db: { image: postgres:16, volumes: [pgdata:/var/lib/postgresql/data] }
volumes: { pgdata: {} }
x-testbed:
  kubernetes: { storage_class: efs-sc, volume_sizes: { pgdata: 20Gi } }
`);
    const sts = byKind(objects, 'StatefulSet', 'db') as PlainObject & { spec: { volumeClaimTemplates: { spec: unknown }[] } };
    expect(sts.spec.volumeClaimTemplates[0]!.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'efs-sc' });
  });
});

describe('the container keys of Docker sets on Kubernetes', () => {
  it('renders privileged in the securityContext and names every other container key it leaves out, with why', async () => {
    const { rendered, objects } = await render(`
name: keys
services:
  db: { image: postgres:16 }
  app:
    image: alpine:3.20
    privileged: true
    sysctls: { net.core.somaxconn: 1024 }
    ulimits: { nofile: 1024 }
    network_mode: service:db
    links: [db]
    container_name: the-app
    cpu_shares: 512
networks:
  front:
    ipam: { config: [{ subnet: 10.231.9.0/24 }] }
`);
    expect(podOf(byKind(objects, 'Deployment', 'app')).containers[0]!.securityContext).toEqual({ privileged: true });
    const paths = rendered.warnings.map((w) => w.path);
    for (const key of ['sysctls', 'ulimits', 'network_mode', 'links', 'container_name', 'cpu_shares']) expect(paths).toContain(`services.app.${key}`);
    expect(paths).toContain('networks.front.ipam');
    expect(rendered.warnings.find((w) => w.path === 'services.app.network_mode')?.message).toMatch(/own network/);
    expect(paths.filter((p) => p.startsWith('services.db.'))).not.toContain('services.db.privileged');
  });
});
