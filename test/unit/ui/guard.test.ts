/**
 * Who the dashboard answers: the token (once in the URL, then the cookie), its own host names
 * only (DNS rebinding), its own origin only, and changes only from its own page.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, newToken, tokenCookie } from '../../../src/ui/guard.js';

const PORT = 41234;
const TOKEN = newToken();

function request(path: string, headers: Record<string, string>, method = 'GET'): [IncomingMessage, URL] {
  return [{ method, headers: { host: `127.0.0.1:${PORT}`, ...headers } } as unknown as IncomingMessage, new URL(path, 'http://127.0.0.1')];
}

const check = (path: string, headers: Record<string, string> = {}, method = 'GET') => checkRequest(...request(path, headers, method), TOKEN, PORT);

describe('the dashboard guard', () => {
  it('makes a long random token each time', () => {
    expect(TOKEN.length).toBeGreaterThanOrEqual(32);
    expect(newToken()).not.toBe(TOKEN);
  });

  it('accepts the token in the URL once (to set the cookie), then the cookie', () => {
    expect(check(`/?token=${TOKEN}`)).toEqual({ ok: true, fromUrl: true });
    expect(check('/api/sets', { cookie: `other=1; ${tokenCookie(TOKEN).split(';')[0]}` })).toEqual({ ok: true, fromUrl: false });
    expect(tokenCookie(TOKEN)).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses a request without the token, or with a wrong one, with 401', () => {
    expect(check('/api/events')).toMatchObject({ ok: false, status: 401 });
    expect(check('/?token=nope')).toMatchObject({ ok: false, status: 401 });
    expect(check('/api/sets', { cookie: 'testbed_ui=nope' })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses another host name (DNS rebinding) and another origin with 403, token or not', () => {
    const cookie = `testbed_ui=${TOKEN}`;
    expect(check('/api/sets', { cookie, host: `evil.example:${PORT}` })).toMatchObject({ ok: false, status: 403 });
    expect(check('/api/sets', { cookie, host: `127.0.0.1:${PORT + 1}` })).toMatchObject({ ok: false, status: 403 });
    expect(check('/api/sets', { cookie, origin: 'http://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(check('/api/sets', { cookie, origin: `http://localhost:${PORT}`, host: `localhost:${PORT}` })).toEqual({ ok: true, fromUrl: false });
  });

  it('takes a change only from its own page (an Origin), and never the token from a POST URL', () => {
    const cookie = `testbed_ui=${TOKEN}`;
    expect(check('/api/sets/p/s/stop', { cookie }, 'POST')).toMatchObject({ ok: false, status: 403 });
    expect(check('/api/sets/p/s/stop', { cookie, origin: `http://127.0.0.1:${PORT}` }, 'POST')).toEqual({ ok: true, fromUrl: false });
    expect(check(`/api/sets/p/s/stop?token=${TOKEN}`, { origin: `http://127.0.0.1:${PORT}` }, 'POST')).toMatchObject({ ok: false, status: 401 });
  });
});
