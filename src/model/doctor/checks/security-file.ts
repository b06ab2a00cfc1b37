/**
 * Security, as the file asks for it: `privileged`, added capabilities, a writable root file
 * system, and ports that plain Compose would publish on every interface of the host.
 * Whether the service runs as root is decided live (the image's USER), see runs-as-root.
 */
import { nodeAt } from '../../../config/config-tree.js';
import { finding, type StaticCheck } from '../check.js';
import { serviceBlocks } from '../static-input.js';

const DANGEROUS_CAPS = /^(CAP_)?(ALL|SYS_ADMIN|NET_ADMIN|SYS_PTRACE|SYS_MODULE|DAC_READ_SEARCH|SYS_RAWIO)$/i;

export const privileged: StaticCheck = {
  id: 'security.privileged',
  factor: 'security',
  title: '`privileged: true`',
  run(input, service) {
    // What the loaded service asks of the engine decides (extends, include, ${VAR} and !reset included);
    // the files as written only say where.
    if (!service.container.privileged) return [finding(this, service.name, 'pass', 'not privileged')];
    const on = serviceBlocks(input, service.name)
      .map(({ file, node }) => ({ file, value: nodeAt(node, ['privileged']) }))
      .filter((v) => v.value?.kind === 'scalar' && v.value.value !== false && v.value.value !== 'false');
    const at = on.length > 0 ? on.map((v) => `${v.file.display}:${v.value!.position.line}:${v.value!.position.col}`).join(', ') : 'as loaded';
    return [finding(this, service.name, 'fail', `privileged: true (${at}): every device and capability of the host`, 'Remove privileged; add the one capability or device it needs (cap_add, devices).')];
  },
};

export const addedCapabilities: StaticCheck = {
  id: 'security.capabilities',
  factor: 'security',
  title: 'capabilities added with `cap_add`',
  run(_input, service) {
    if (service.capAdd.length === 0) return [finding(this, service.name, 'pass', 'no capabilities added')];
    const dangerous = service.capAdd.filter((c) => DANGEROUS_CAPS.test(c));
    const fix = 'Drop what it does not need (cap_drop: [ALL]) and add back only what it must have; most services need none.';
    if (dangerous.length) return [finding(this, service.name, 'fail', `cap_add: ${service.capAdd.join(', ')} (${dangerous.join(', ')} amount to root on the host)`, fix)];
    return [finding(this, service.name, 'warn', `cap_add: ${service.capAdd.join(', ')}`, fix)];
  },
};

export const writableRoot: StaticCheck = {
  id: 'security.writable-root',
  factor: 'security',
  title: 'a writable root file system (no `read_only: true`)',
  run(_input, service) {
    if (service.readOnly) return [finding(this, service.name, 'pass', 'read_only: true')];
    return [
      finding(this, service.name, 'warn', 'the root file system is writable: a compromised process can change the code it runs', 'Set read_only: true, with tmpfs: [/tmp] and volumes (or x-testbed writable_paths) for what it writes.'),
    ];
  },
};

export const publishedAllInterfaces: StaticCheck = {
  id: 'security.published-all-interfaces',
  factor: 'security',
  title: 'ports published on every interface of the host under plain Compose',
  run(_input, service) {
    if (service.ports.length === 0) return [finding(this, service.name, 'pass', 'publishes no ports')];
    const show = (p: (typeof service.ports)[number]) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.published ?? p.target}:${p.target}`;
    const everywhere = service.ports.filter((p) => p.hostIp === '0.0.0.0' || p.hostIp === '::' || p.hostIp === '[::]');
    const unset = service.ports.filter((p) => p.hostIp === undefined);
    const fix = 'Write the host address: "127.0.0.1:8080:80" (Testbed then uses the set\'s own loopback address), and put a proxy in front for the outside.';
    if (everywhere.length) return [finding(this, service.name, 'fail', `published on every interface: ${everywhere.map(show).join(', ')}`, fix)];
    if (unset.length) {
      return [finding(this, service.name, 'warn', `no host address: ${unset.map(show).join(', ')} (Testbed uses the set's loopback address; plain docker compose binds 0.0.0.0)`, fix)];
    }
    return [finding(this, service.name, 'pass', `published on loopback only: ${service.ports.map(show).join(', ')}`)];
  },
};
