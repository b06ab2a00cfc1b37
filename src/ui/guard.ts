/**
 * Who may talk to the dashboard: a browser on this machine that was given the token, on a page
 * the dashboard served. The token comes once in the URL printed at start (like Jupyter), is
 * swapped for an HttpOnly, SameSite=Strict cookie and taken out of the address bar; every
 * request, the event stream included, must carry it. A Host that is not this server's address
 * (DNS rebinding: evil.example resolving to 127.0.0.1) and an Origin of another site are
 * refused, and no CORS header is ever sent.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'testbed_ui';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export type Verdict = { ok: true; fromUrl: boolean } | { ok: false; status: 401 | 403; reason: string };

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

/** The names this server answers to: 127.0.0.1:PORT and localhost:PORT. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function checkRequest(req: IncomingMessage, url: URL, token: string, port: number): Verdict {
  const hosts = allowedHosts(port);
  if (!hosts.has(req.headers.host ?? '')) return { ok: false, status: 403, reason: `host ${req.headers.host ?? '(none)'} is not this dashboard` };
  const origin = req.headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `origin ${origin} is not this dashboard` };
  }
  // A page of another site cannot read our responses, but it could send a form: state changes need our own Origin.
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin === undefined) {
    return { ok: false, status: 403, reason: 'a change must come from the dashboard\'s own page (Origin missing)' };
  }
  if (sameToken(cookieOf(req), token)) return { ok: true, fromUrl: false };
  if (req.method === 'GET' && sameToken(url.searchParams.get('token') ?? undefined, token)) return { ok: true, fromUrl: true };
  return { ok: false, status: 401, reason: 'open the dashboard with the URL testbed ui printed (it carries the token)' };
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
