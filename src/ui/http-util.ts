/** Small helpers for the dashboard's node:http handlers: JSON in and out, server-sent events. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Every answer: no caching of data, no framing by other sites, nothing loaded from elsewhere. */
export const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export function sendError(res: ServerResponse, status: number, err: unknown): void {
  const e = err as { code?: string; message?: string; hint?: string };
  sendJson(res, status, { error: { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}), ...(e.hint ? { hint: e.hint } : {}) } });
}

const MAX_BODY = 64 * 1024;

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Starts a server-sent event stream; the returned function sends one event. */
export function openEventStream(req: IncomingMessage, res: ServerResponse): { send: (event: string, data: unknown) => void; closed: AbortSignal } {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  res.write(': open\n\n');
  const controller = new AbortController();
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const close = () => {
    clearInterval(keepAlive);
    controller.abort();
  };
  req.on('close', close);
  res.on('close', close);
  return {
    send: (event, data) => {
      if (!controller.signal.aborted) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closed: controller.signal,
  };
}
