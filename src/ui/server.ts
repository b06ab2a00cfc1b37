/**
 * `testbed ui`: the dashboard's web server, on 127.0.0.1 only. Pages are static files (the
 * page's script and its two small libraries, served from this package: no CDN, works offline);
 * data comes from routes.ts, live changes from one watch of the engine's event stream, fanned
 * out to every open page over server-sent events.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Testbed } from '../api/testbed.js';
import { checkRequest, newToken, tokenCookie } from './guard.js';
import { SECURITY_HEADERS, sendJson } from './http-util.js';
import { Operations } from './operations.js';
import { handleApi, type RouteContext } from './routes.js';

export interface DashboardOptions {
  testbed: Testbed;
  /** 0: any free port. */
  port?: number;
  /** A token of the caller's (tests); default a new random one. */
  token?: string;
}

export interface Dashboard {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The page files: beside the compiled server (dist/ui/static), or, when this module runs inside
 * the CLI bundle (dist/cli-bundle/, scripts/bundle-cli.js), in dist/ui/static next to it.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const STATIC = [join(HERE, 'static'), join(HERE, '..', 'ui', 'static')].find((dir) => existsSync(join(dir, 'index.html'))) ?? join(HERE, 'static');

/** Files the page loads, by path: where each is, its type, and how to adapt it. */
function assets(): Record<string, { file: string; type: string; rewrite?: (text: string) => string }> {
  const resolved = (spec: string) => fileURLToPath(import.meta.resolve(spec));
  const js = 'text/javascript; charset=utf-8';
  return {
    '/': { file: join(STATIC, 'index.html'), type: 'text/html; charset=utf-8' },
    '/app.js': { file: join(STATIC, 'app.js'), type: js },
    '/style.css': { file: join(STATIC, 'style.css'), type: 'text/css; charset=utf-8' },
    '/vendor/preact.mjs': { file: resolved('preact'), type: js },
    // The page has no import map (the content policy forbids inline scripts): name preact by path.
    '/vendor/hooks.mjs': { file: resolved('preact/hooks'), type: js, rewrite: (t) => t.replace(/from\s*["']preact["']/g, 'from "/vendor/preact.mjs"') },
    '/vendor/htm.mjs': { file: resolved('htm'), type: js },
  };
}

/** Watches the engine for as long as the dashboard runs; a broken stream is opened again (bounded waits). */
function watchEngine(testbed: Testbed, publish: (event: string, data: unknown) => void, signal: AbortSignal): void {
  let delay = 1000;
  const loop = async () => {
    while (!signal.aborted) {
      await testbed.watch((e) => publish('set', e), signal).catch((err: unknown) => publish('engine', { message: (err as Error).message }));
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, delay).unref());
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void loop();
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const token = options.token ?? newToken();
  const listeners = new Set<(event: string, data: unknown) => void>();
  const publish = (event: string, data: unknown) => {
    for (const l of listeners) l(event, data);
  };
  const stop = new AbortController();
  const ctx: RouteContext = {
    testbed: options.testbed,
    operations: new Operations((u) => publish('operation', u.operation)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const files = assets();
  let port = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(req, url, token, port);
    if (!verdict.ok) return sendJson(res, verdict.status, { error: { message: verdict.reason } });
    if (verdict.fromUrl) {
      // The token leaves the address bar (and history) at once; the cookie carries it from now on.
      url.searchParams.delete('token');
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': tokenCookie(token), Location: url.pathname + url.search });
      return void res.end();
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApi(ctx, req, res, url).then((handled) => {
        if (!handled) sendJson(res, 404, { error: { message: `no ${req.method} ${url.pathname}` } });
      });
      return;
    }
    const asset = files[url.pathname];
    if (!asset || req.method !== 'GET') return sendJson(res, 404, { error: { message: `no ${url.pathname}` } });
    readFile(asset.file, 'utf8').then(
      (text) => {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type });
        res.end(asset.rewrite ? asset.rewrite(text) : text);
      },
      (err: unknown) => sendJson(res, 500, { error: { message: (err as Error).message } }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: the dashboard drives containers, and is never for another machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  watchEngine(options.testbed, publish, stop.signal);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
