/**
 * A host port the set publishes but something else holds: found before anything starts, so
 * `up` fails with nothing started rather than half way. The check binds each address and port
 * for a moment, which only tells something for an engine on this machine; for a remote engine,
 * and for a port taken between the check and the start, `start` stops again what it started.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { PortInUseError, TestbedError } from '../common/errors.js';
import type { ContainerSummary, Engine } from '../engine/engine.js';
import type { EventSink } from './events.js';
import { serviceOf } from './set-resources.js';

interface Taken {
  address: string;
  service: string;
  container: string;
}

export async function checkPortsFree(engine: Engine, set: string, containers: ContainerSummary[]): Promise<void> {
  if (!engine.local) return;
  const taken: Taken[] = [];
  for (const c of containers.filter((c) => c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting')) {
    const details = await engine.inspectContainer(c.id);
    // One at a time: two bindings of one port would otherwise clash with each other here.
    for (const b of details?.portBindings ?? []) {
      if (!b.hostPort) continue;
      const host = b.hostIp || '0.0.0.0';
      const protocol = b.containerPort.split('/')[1] ?? 'tcp';
      if (await inUse(host, b.hostPort, protocol)) {
        taken.push({ address: `${host.includes(':') ? `[${host}]` : host}:${b.hostPort}/${protocol}`, service: serviceOf(c), container: c.name });
      }
    }
  }
  if (taken.length === 0) return;
  const list = taken.map((t) => `${t.address} (${t.service})`).join(', ');
  const port = taken[0]!.address.replace(/\/.*$/, '').split(':').pop();
  throw new PortInUseError(`cannot start set ${set}: ${list} ${taken.length === 1 ? 'is' : 'are'} already in use on the host; nothing was started`, {
    hint: `Stop what listens there (ss -lntup 'sport = :${port}' shows it), or publish the service on another port or address (ports: in the file, or --publish ephemeral).`,
    details: { set, taken },
  });
}

/** After a start failed on a taken port: the containers this start started are stopped again, newest first. */
export async function stopAfterPortClash(engine: Engine, started: ContainerSummary[], err: unknown, events: EventSink): Promise<never> {
  if (err instanceof TestbedError && err.code === 'PORT_IN_USE') {
    for (const c of [...started].reverse()) {
      await engine.stopContainer(c.id);
      events({ kind: 'container', service: serviceOf(c), name: c.name, action: 'stopped', detail: 'a port of the set is taken' });
    }
  }
  throw err;
}

/** Whether binding host:port fails because something holds it; any other failure is left to the engine to report. */
function inUse(host: string, port: number, protocol: string): Promise<boolean> {
  return new Promise((resolve) => {
    const held = (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE');
    if (protocol === 'udp') {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (err) => {
        socket.close();
        held(err);
      });
      socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(false)));
      return;
    }
    const server = createServer();
    server.once('error', held);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
