/**
 * The container keys of Docker sets that have a Kubernetes field: shm_size, stdin_open, tty,
 * group_add, security_opt and the post_start / pre_stop hooks, rendered (and valid for the
 * schema, read back from the YAML), with a warning for each part that cannot be carried.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plain } from '../../../src/k8s/kube-object.js';
import { manifestYaml } from '../../../src/k8s/manifest-yaml.js';
import { renderManifests } from '../../../src/k8s/manifests.js';
import { schemaIssues } from '../../../src/k8s/validate.js';
import { loadProject } from '../../../src/model/load-project.js';
import { byKind, FIXED, FIXTURES, podOf, projectFromYaml, typedDocuments } from './k8s-fixtures.js';

/** Renders services (`app` is an alpine service with `keys` added, unless `services` says otherwise). */
async function render(keys: string, services = '', files: Record<string, string> = {}) {
  const indented = keys.trim().split('\n').map((line) => `    ${line}`).join('\n');
  const project = await projectFromYaml(`name: keys\nservices:\n  app:\n    image: alpine:3.20\n${indented}\n${services}`, files);
  const rendered = await renderManifests(project, { set: 'one', ...FIXED });
  const objects = rendered.objects.map(plain);
  // What a user applies is the YAML: every object read back from it is valid for the schema.
  expect(schemaIssues(typedDocuments(manifestYaml(objects)))).toEqual([]);
  const under = (path: string) => (w: { path: string }) => w.path === path || w.path.startsWith(`${path}[`) || w.path.startsWith(`${path}.`);
  return {
    objects,
    /** The warnings about `path` (and its parts), as `render` prints them. */
    warnings: (path: string) => rendered.warnings.filter(under(path)).map((w) => `${w.path}: ${w.message}`),
    pod: (name = 'app', kind = 'Deployment') => podOf(byKind(objects, kind, name)),
    main: (name = 'app') => podOf(byKind(objects, 'Deployment', name)).containers[0]!,
  };
}

describe('shm_size, stdin_open and tty on Kubernetes', () => {
  it('gives the container a memory-backed /dev/shm of shm_size, and stdin and a tty when asked', async () => {
    const { pod, main, warnings } = await render('shm_size: 256m\nstdin_open: true\ntty: true');
    expect(pod().volumes).toEqual([{ name: 'testbed-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }]);
    expect(main().volumeMounts).toEqual([{ name: 'testbed-shm', mountPath: '/dev/shm' }]);
    expect(main()).toMatchObject({ stdin: true, tty: true });
    expect(warnings('services.app')).toEqual([]);
  });

  it('leaves stdin and tty unset when the file says false, and /dev/shm to the service\'s own mount there, as Docker does', async () => {
    const { pod, main, warnings } = await render('shm_size: 1g\ntmpfs: ["/dev/shm:size=64m"]\nstdin_open: false\ntty: false');
    expect(pod().volumes).toEqual([{ name: 'tmpfs-opt-0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    expect(main().stdin).toBeUndefined();
    expect(main().tty).toBeUndefined();
    expect(warnings('services.app')).toEqual([
      'services.app.shm_size: is left out: the service mounts a volume or tmpfs at /dev/shm, which is used instead (as on Docker)',
    ]);
  });
});

describe('group_add on Kubernetes', () => {
  it('adds numeric groups to the pod\'s supplementalGroups and names each group name it cannot map', async () => {
    const { pod, warnings } = await render('user: "1000:1000"\ngroup_add: [mail, 42, "100", 42]\nvolumes: [data:/data]', 'volumes: { data: {} }');
    expect(pod('app', 'StatefulSet').securityContext).toEqual({ fsGroup: 1000, supplementalGroups: [42, 100] });
    expect(warnings('services.app.group_add')).toEqual([
      'services.app.group_add: "mail" is a name; Kubernetes needs numeric groups (supplementalGroups), so it is left out: use the group\'s number',
    ]);
  });

  it('keeps the restricted pod settings of arbitrary_uid beside the groups', async () => {
    const { pod } = await render('group_add: ["5"]\nx-testbed: { arbitrary_uid: true }');
    expect(pod().securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, supplementalGroups: [5] });
  });
});

describe('security_opt on Kubernetes', () => {
  it('renders no-new-privileges, seccomp, AppArmor and SELinux labels as securityContext fields', async () => {
    const { main, warnings } = await render(
      'security_opt: [no-new-privileges:true, seccomp=unconfined, apparmor=testbed-profile, label=type:container_t, "label:level:s0:c100,c200", label=user:system_u, label=role:system_r]',
      `  other:
    image: alpine:3.20
    security_opt: [no-new-privileges, seccomp:builtin, apparmor:unconfined]
  third:
    image: alpine:3.20
    security_opt: [no-new-privileges=false, apparmor=docker-default]
`,
    );
    expect(main().securityContext).toEqual({
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'Unconfined' },
      appArmorProfile: { type: 'Localhost', localhostProfile: 'testbed-profile' },
      seLinuxOptions: { type: 'container_t', level: 's0:c100,c200', user: 'system_u', role: 'system_r' },
    });
    expect(main('other').securityContext).toEqual({ allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'Unconfined' } });
    // no-new-privileges=false is Kubernetes' default too: nothing to set.
    expect(main('third').securityContext).toEqual({ appArmorProfile: { type: 'RuntimeDefault' } });
    expect([...warnings('services.app'), ...warnings('services.other'), ...warnings('services.third')]).toEqual([]);
  });

  it('names each option it cannot map, with why, and renders the rest', async () => {
    const { main, warnings } = await render(
      'security_opt: [seccomp=./profiles/strict.json, label=disable, label=nested, systempaths=unconfined, writable-cgroups=true, no-new-privileges=maybe, colourful=yes, nonsense, apparmor=unconfined]',
      '',
      // Read when the file is loaded, as for a Docker set (which sends its JSON to the engine).
      { 'profiles/strict.json': '{"defaultAction": "SCMP_ACT_ERRNO"}' },
    );
    expect(main().securityContext).toEqual({ appArmorProfile: { type: 'Unconfined' } });
    expect(warnings('services.app.security_opt').map((w) => w.replace('services.app.security_opt: ', ''))).toEqual([
      '"seccomp=./profiles/strict.json" is left out: a seccomp profile file has to be installed on every node (in the kubelet\'s seccomp folder) and named as seccompProfile { type: Localhost, localhostProfile }',
      '"label=disable" is left out: Kubernetes cannot turn SELinux labelling off for a container (the nearest is label=type:spc_t, seLinuxOptions.type, which a cluster may refuse)',
      '"label=nested" is left out: Kubernetes takes only the SELinux user, role, type, level of a label',
      '"systempaths=unconfined" is left out: Kubernetes unmasks /proc only with procMount: Unmasked, for pods in a user namespace of their own',
      '"writable-cgroups=true" is left out: Kubernetes mounts the cgroup filesystem read-only in a container that is not privileged',
      '"no-new-privileges=maybe" is neither true nor false: it is left out',
      '"colourful=yes" is left out: colourful is not a security option Docker or Kubernetes knows',
      '"nonsense" is not KEY=VALUE (nor KEY:VALUE), which Docker refuses too: it is left out',
    ]);
  });

  it('does not set no-new-privileges on a privileged container, which Kubernetes would refuse, and says so', async () => {
    const { main, warnings } = await render('privileged: true\nsecurity_opt: [no-new-privileges:true]');
    expect(main().securityContext).toEqual({ privileged: true });
    expect(warnings('services.app.security_opt')).toEqual([
      'services.app.security_opt: "no-new-privileges:true" is left out: Kubernetes refuses allowPrivilegeEscalation: false on a privileged container (Docker allows both)',
    ]);
  });

  it('never loosens what arbitrary_uid requires: the options that would are reported, the others kept', async () => {
    const { main, warnings } = await render(
      'security_opt: [no-new-privileges=false, seccomp=unconfined, apparmor=unconfined, label=level:s0:c1]\nx-testbed: { arbitrary_uid: true }',
      `  confined:
    image: alpine:3.20
    security_opt: [apparmor=testbed-profile, no-new-privileges:true, seccomp=builtin]
    x-testbed: { arbitrary_uid: true }
`,
    );
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    expect(main().securityContext).toEqual(restricted);
    expect(main('confined').securityContext).toEqual({ ...restricted, appArmorProfile: { type: 'Localhost', localhostProfile: 'testbed-profile' } });
    expect(warnings('services.app.security_opt').map((w) => w.replace('services.app.security_opt: ', ''))).toEqual([
      '"no-new-privileges=false" is left out: arbitrary_uid runs with the restricted profile, which requires allowPrivilegeEscalation: false',
      '"seccomp=unconfined" is left out: arbitrary_uid runs with the restricted profile, which requires the RuntimeDefault seccomp profile',
      '"apparmor=unconfined" is left out: arbitrary_uid runs with the restricted profile, which refuses an unconfined AppArmor profile',
      '"label=level:s0:c1" is left out: arbitrary_uid runs with the restricted profile, which leaves the SELinux context to the platform',
    ]);
    expect(warnings('services.confined')).toEqual([]);
  });
});

describe('post_start and pre_stop on Kubernetes', () => {
  it('runs a hook as the container\'s exec handler, its words exactly as written (Kubernetes expands nothing there)', async () => {
    const { main, warnings } = await render('post_start: [{ command: touch /tmp/started }]\npre_stop: [{ command: [sh, -c, "echo $$HOSTNAME stopping > /proc/1/fd/1"] }]');
    expect(main().lifecycle).toEqual({
      postStart: { exec: { command: ['touch', '/tmp/started'] } },
      preStop: { exec: { command: ['sh', '-c', 'echo $HOSTNAME stopping > /proc/1/fd/1'] } },
    });
    expect(warnings('services.app')).toEqual([]);
  });

  it('names the parts of a hook an exec handler cannot carry: its user, privileges, environment and working directory', async () => {
    const { main, warnings } = await render('pre_stop: [{ command: [/usr/local/bin/drain], user: root, privileged: true, environment: { REASON: stop, GRACE: "10" }, working_dir: /srv }]');
    expect(main().lifecycle).toEqual({ preStop: { exec: { command: ['/usr/local/bin/drain'] } } });
    expect(warnings('services.app.pre_stop')).toEqual([
      'services.app.pre_stop[0].user: "root" is left out: a Kubernetes exec handler runs as the container\'s user',
      'services.app.pre_stop[0].privileged: is left out: a Kubernetes exec handler has the container\'s privileges, no more',
      'services.app.pre_stop[0].environment: REASON, GRACE left out: a Kubernetes exec handler sees the container\'s environment only',
      'services.app.pre_stop[0].working_dir: is left out: a Kubernetes exec handler has no working directory of its own',
    ]);
  });

  it('renders the first of several hooks and names the others when the image is not known to have a shell', async () => {
    const { main, warnings } = await render('post_start: [{ command: [/app, warm] }, { command: [/app, announce], user: nobody }]');
    expect(main().lifecycle).toEqual({ postStart: { exec: { command: ['/app', 'warm'] } } });
    expect(warnings('services.app.post_start')).toEqual([
      'services.app.post_start[1]: is left out: a Kubernetes container has one exec handler per phase, so only the first hook is rendered ' +
        '(several are joined into one `sh -c` only when one of them runs sh or bash itself, so the image is known to have a shell)',
    ]);
  });

  it('joins several hooks into one shell command when a hook runs sh itself; they run in order and stop at the first failure, as on Docker', async () => {
    const { main, warnings } = await render(`post_start:
  - command: [printf, "%s|", "it's $$HOME", "a  b"]
  - command: [/bin/sh, -c, "printf 'second|'; exit 3"]
  - command: printf never`);
    const handler = main().lifecycle.postStart.exec.command as string[];
    expect(handler.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(warnings('services.app')).toEqual([]);
    // The handler's script, run by a real shell here: each hook gets exactly its words.
    let result: { status: number; stdout: string };
    try {
      result = { status: 0, stdout: execFileSync(handler[0]!, handler.slice(1), { encoding: 'utf8', env: { PATH: process.env.PATH } }) };
    } catch (err) {
      const e = err as { status: number; stdout: string };
      result = { status: e.status, stdout: e.stdout };
    }
    expect(result).toEqual({ status: 3, stdout: "it's $HOME|a  b|second|" });
  });
});

describe('the container keys example of issue 14 on Kubernetes', () => {
  it('no longer says of any key that it is "not rendered for Kubernetes yet"', async () => {
    const project = await loadProject({ files: [join(FIXTURES, '..', 'compose-keys', 'container', 'compose.yaml')], env: {}, profiles: [], cwd: join(FIXTURES, '..') });
    const rendered = await renderManifests(project, { set: 'one', ...FIXED });
    expect(rendered.warnings.filter((w) => /yet/.test(w.message))).toEqual([]);
    const web = podOf(byKind(rendered.objects.map(plain), 'Deployment', 'web'));
    expect(web.containers[0]).toMatchObject({ stdin: true, tty: true, lifecycle: { postStart: { exec: { command: ['echo', 'started'] } } } });
    expect(web.securityContext).toEqual({ supplementalGroups: [42] });
    // privileged and no-new-privileges together: Kubernetes refuses the pair, so privileged is kept and the option reported.
    expect(web.containers[0]!.securityContext).toEqual({ privileged: true });
    expect(web.volumes).toContainEqual({ name: 'testbed-shm', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } });
  });
});

describe('resource reservations and pull_policy on Kubernetes', () => {
  it('renders deploy.resources.reservations (and mem_reservation) as requests beside the limits', async () => {
    const { main, warnings } = await render(
      'deploy:\n  resources:\n    limits: { cpus: "1.5", memory: 512m }\n    reservations: { cpus: "0.25", memory: 128m }\nmemswap_limit: 1g',
    );
    expect(main().resources).toEqual({ limits: { cpu: '1500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
    expect(warnings('services.app')).toEqual([
      'services.app.memswap_limit: Kubernetes knows memory limits and requests only (deploy.resources.limits and reservations, mem_reservation): memswap_limit and mem_swappiness are left out',
    ]);
    const short = await render('mem_reservation: 64m');
    expect(short.main().resources).toEqual({ requests: { memory: '64Mi' } });
    expect(short.warnings('services.app')).toEqual([]);
  });

  it('renders pull_policy never as imagePullPolicy, and leaves Kubernetes its default otherwise', async () => {
    expect((await render('pull_policy: never')).main().imagePullPolicy).toBe('Never');
    expect((await render('pull_policy: always')).main().imagePullPolicy).toBeUndefined();
    expect((await render('pull_policy: missing')).main().imagePullPolicy).toBeUndefined();
  });
});

describe('port names and application protocols on Kubernetes', () => {
  it('names the container port and the Service port as the file does, with its app_protocol', async () => {
    const { objects, main, warnings } = await render(
      'ports:\n  - { target: 8080, name: web, app_protocol: http }\n  - { target: 9090, name: Metrics_Port }\n  - "7000-7001"',
    );
    expect(main().ports).toEqual([
      { containerPort: 8080, protocol: 'TCP', name: 'web' },
      { containerPort: 9090, protocol: 'TCP' },
      { containerPort: 7000, protocol: 'TCP' },
      { containerPort: 7001, protocol: 'TCP' },
    ]);
    const service = byKind(objects, 'Service', 'app') as unknown as { spec: { ports: unknown[] } };
    expect(service.spec.ports).toEqual([
      { name: 'web', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' },
      { name: 'tcp-9090', port: 9090, targetPort: 9090, protocol: 'TCP' },
      { name: 'tcp-7000', port: 7000, targetPort: 7000, protocol: 'TCP' },
      { name: 'tcp-7001', port: 7001, targetPort: 7001, protocol: 'TCP' },
    ]);
    expect(warnings('services.app.ports')).toEqual([
      'services.app.ports[1].name: "Metrics_Port" is not a Kubernetes port name (at most 15 lowercase letters, digits and "-", unique in the service): the port is named tcp-9090',
    ]);
  });
});

describe('keys with no Kubernetes field are reported, never dropped in silence', () => {
  it('reports a tmpfs mode, a port publish mode and fixed IPv6 or link-local addresses', async () => {
    const { warnings } = await render(
      'volumes:\n  - { type: tmpfs, target: /scratch, tmpfs: { size: 1m, mode: 0o1777 } }\nports:\n  - { target: 80, mode: host }\nnetworks:\n  back: { ipv6_address: "fd00::10", link_local_ips: ["169.254.8.8"] }',
      'networks:\n  back: { enable_ipv6: true }',
    );
    expect(warnings('services.app')).toEqual([
      'services.app.ports[0].mode: publish mode host is Docker Swarm\'s; a Service has none: it is left out',
      'services.app.networks.back.ipv6_address: pods get their addresses from the cluster; a fixed address is not possible',
      'services.app.networks.back.link_local_ips: pods get their addresses from the cluster: link-local addresses are left out',
      'services.app.volumes[0].tmpfs.mode: an emptyDir has no mode (Kubernetes makes it world-writable, 0777): mode 1777 is left out',
    ]);
  });
});
