/**
 * An engine that answers /_ping and /version, then never answers anything else: what a hung
 * dockerd looks like from a client. A unix-socket HTTP server, for DOCKER_HOST=unix://...
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StalledEngine {
  dockerHost: string;
  /** Requests it left unanswered, as "METHOD /path". */
  stalled: string[];
  /** Resolves once a request beyond ping and version has come in. */
  firstStall: Promise<void>;
  close(): Promise<void>;
}

/** `pingDelayMs`: answer the ping that late (a busy engine); Infinity: never (a hung one). */
export async function stalledEngine(options: { pingDelayMs?: number } = {}): Promise<StalledEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'testbed-stalled-'));
  const socketPath = join(dir, 'docker.sock');
  const stalled: string[] = [];
  let stallSeen!: () => void;
  const firstStall = new Promise<void>((resolve) => (stallSeen = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!.replace(/^\/v[\d.]+/, '');
    if (path === '/_ping') {
      const answer = () => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
      if (!options.pingDelayMs) return answer();
      if (Number.isFinite(options.pingDelayMs)) setTimeout(answer, options.pingDelayMs);
      return;
    }
    if (path === '/version') {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41' }));
    }
    stalled.push(`${req.method} ${path}`);
    stallSeen();
    // Never answered: the request stays open until the client gives up or the server closes.
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    dockerHost: `unix://${socketPath}`,
    stalled,
    firstStall,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
