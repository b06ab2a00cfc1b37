/**
 * Whether a service's TCP ports accept connections: the default readiness of a service without
 * a healthcheck, as Testcontainers users know it. Looked at from two sides, as Testcontainers
 * does, because the engine's userland proxy accepts on a published port before the service
 * listens behind it:
 * - inside the container's own network namespace, a listening socket on each port that is
 *   not bound to loopback only (so other services can reach it). Read from /proc/net/tcp* by a
 *   shell script of builtins only; an image without /bin/sh is probed instead from a small
 *   one-off container on the set's networks (busybox nc), connecting to it by name;
 * - from the host, a TCP connection to each port published on a loopback address (127.0.0.0/8
 *   only: nothing else is ever contacted from the host).
 */
import { connect } from 'node:net';
import { ImageNotFoundError } from '../common/errors.js';
import { createLogger } from '../common/logger.js';
import type { ContainerDetails, PublishedPort } from '../engine/engine.js';
import { runCommand } from './command-run.js';
import { ensureImage } from './one-off-basis.js';
import type { SetContext } from './set-context.js';

export interface PortCheckResult {
  ok: boolean;
  /** What is still missing, e.g. "port 8080 is not listening yet". */
  detail: string;
}

/** Probes shell-less images from the set's networks; busybox's nc connects and quits on stdin's end. */
export const PROBE_IMAGE = 'busybox:latest';

const log = createLogger('lifecycle:ready');

const EXEC_TIMEOUT_MS = 5000;
const HOST_CONNECT_TIMEOUT_MS = 1000;

/**
 * Prints the first port (decimal arguments) with no listening socket reachable from outside the
 * container and exits 1; exits 0 when every port has one. /proc/net/tcp lists addresses in hex,
 * little-endian: any 127.x address ends in 7F, ::1 and ::ffff:127.x are spelled out.
 */
const LISTEN_SCRIPT = [
  'for port in "$@"; do',
  '  hex=$(printf "%04X" "$port"); found=',
  '  for f in /proc/net/tcp /proc/net/tcp6; do',
  '    [ -r "$f" ] || continue',
  '    while read -r _ local _ st _; do',
  '      case "$st:$local" in',
  '        0A:??????7F:*|0A:00000000000000000000000001000000:*|0A:0000000000000000FFFF0000??????7F:*) ;;',
  '        "0A:"*":$hex") found=1; break ;;',
  '      esac',
  '    done < "$f"',
  '    [ -n "$found" ] && break',
  '  done',
  '  [ -n "$found" ] || { echo "$port"; exit 1; }',
  'done',
].join('\n');

const CONNECT_SCRIPT = 'host=$1; shift; for port in "$@"; do nc -w 2 "$host" "$port" </dev/null >/dev/null 2>&1 || { echo "$port"; exit 1; }; done';

/** Exit statuses of an exec whose program could not be run at all (no /bin/sh in the image). */
const CANNOT_RUN = new Set([126, 127]);

export class PortCheck {
  /** Set once the image turns out to have no shell to look from inside. */
  private fromNetwork = false;

  constructor(
    private readonly ctx: SetContext,
    private readonly service: string,
    private readonly ports: number[],
  ) {}

  async check(details: ContainerDetails, signal?: AbortSignal): Promise<PortCheckResult> {
    try {
      const inside = this.fromNetwork ? await this.connectFromNetwork(details, signal) : await this.listeningInside(details, signal);
      if (!inside.ok) return inside;
    } catch (err) {
      if (signal?.aborted || err instanceof ImageNotFoundError) throw err;
      // Between states (a restart) or a slow exec: the next round looks again.
      return { ok: false, detail: `its ports could not be checked: ${err instanceof Error ? err.message : String(err)}` };
    }
    return connectFromHost(details.ports);
  }

  private async listeningInside(details: ContainerDetails, signal?: AbortSignal): Promise<PortCheckResult> {
    const timeout = AbortSignal.timeout(EXEC_TIMEOUT_MS);
    const result = await this.ctx.engine.exec(details.id, {
      cmd: ['/bin/sh', '-c', LISTEN_SCRIPT, 'testbed-port-check', ...this.ports.map(String)],
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (CANNOT_RUN.has(result.exitCode)) {
      log.debug(`${details.name} has no /bin/sh (exit ${result.exitCode}); its ports are probed from a ${PROBE_IMAGE} container`);
      this.fromNetwork = true;
      return this.connectFromNetwork(details, signal);
    }
    return result.exitCode === 0 ? { ok: true, detail: '' } : notListening(result.stdout);
  }

  private async connectFromNetwork(details: ContainerDetails, signal?: AbortSignal): Promise<PortCheckResult> {
    await ensureImage(this.ctx.engine, PROBE_IMAGE).catch((err: unknown) => {
      throw new ImageNotFoundError(PROBE_IMAGE, {
        cause: err,
        hint:
          `Service ${this.service} has no /bin/sh, so whether its ports accept connections is checked from a ${PROBE_IMAGE} container on the set's networks. ` +
          `Load that image (docker load), give the service a healthcheck, or mark it x-testbed: { ready: started }.`,
      });
    });
    const result = await runCommand(this.ctx, {
      where: { kind: 'image', image: PROBE_IMAGE },
      command: ['sh', '-c', CONNECT_SCRIPT, 'testbed-port-check', details.name, ...this.ports.map(String)],
      timeoutMs: EXEC_TIMEOUT_MS * 2,
      purpose: `ready/${this.service}`,
      ...(signal ? { signal } : {}),
    });
    return result.exitCode === 0 ? { ok: true, detail: '' } : notListening(result.stdout);
  }
}

function notListening(stdout: string): PortCheckResult {
  const port = stdout.trim().split('\n').at(-1);
  return { ok: false, detail: `port ${port || '?'} does not accept connections yet` };
}

/** Every TCP port published on a loopback address accepts a connection from the host. */
async function connectFromHost(ports: PublishedPort[]): Promise<PortCheckResult> {
  for (const p of ports) {
    if (!p.containerPort.endsWith('/tcp') || !p.hostIp.startsWith('127.') || !p.hostPort) continue;
    if (!(await accepts(p.hostIp, p.hostPort))) {
      return { ok: false, detail: `${p.hostIp}:${p.hostPort} (published ${p.containerPort}) does not accept connections yet` };
    }
  }
  return { ok: true, detail: '' };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: HOST_CONNECT_TIMEOUT_MS });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
