import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLoginUrl } from '../../main/core/server/admin/load-admin-token';
import { send, startEngine, type AdminAnswer, type RunningEngine } from './admin-harness';

const CONFIG = `
providers:
  local:
    base_url: http://127.0.0.1:9
    api_key: sk-security-test-key-000000000000
    models: [m1]
routes:
  ais-chat:
    provider: local
    default_model: m1
`;

function expectNoCors(answer: AdminAnswer): void {
  expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
}

describe('admin API security', () => {
  let running: RunningEngine;
  let port: string;

  beforeAll(async () => {
    running = await startEngine(CONFIG);
    port = new URL(running.url).port;
  });
  afterAll(async () => {
    await running?.close();
  });

  it('keeps the token in <home>/admin-token, 32 random bytes in hex, mode 0600', () => {
    expect(running.token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(running.home, 'admin-token')).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing or wrong token with 401, accepts the right one', async () => {
    const missing = await send(running.url, { path: '/api/status' });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((missing.json as { error: { message: string } }).error.message).toMatch(/admin token/);
    const wrong = await send(running.url, { path: '/api/status', token: 'f'.repeat(64) });
    expect(wrong.status).toBe(401);
    const shortWrong = await send(running.url, { path: '/api/status', token: running.token.slice(0, 10) });
    expect(shortWrong.status).toBe(401);
    const right = await send(running.url, { path: '/api/status', token: running.token });
    expect(right.status).toBe(200);
    expect(right.json).toMatchObject({ state: 'running', url: running.url, home: running.home });
    for (const answer of [missing, wrong, right]) expectNoCors(answer);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token, accepts loopback names', async () => {
    const rebound = await send(running.url, {
      path: '/api/status',
      token: running.token,
      headers: { host: `attacker.example:${port}` },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.text).toMatch(/loopback Host/);
    const lanName = await send(running.url, {
      path: '/api/config',
      token: running.token,
      headers: { host: `192.168.1.5:${port}` },
    });
    expect(lanName.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await send(running.url, {
        path: '/api/status',
        token: running.token,
        headers: { host },
      });
      expect(answer.status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin and cross-site fetches, accepts its own origin', async () => {
    for (const origin of [
      'http://evil.example',
      `http://localhost:${Number(port) + 1}`,
      'null',
      `https://127.0.0.1:${port}`,
    ]) {
      const answer = await send(running.url, {
        path: '/api/status',
        token: running.token,
        headers: { origin },
      });
      expect(answer.status, origin).toBe(403);
      expectNoCors(answer);
    }
    const crossSite = await send(running.url, {
      path: '/api/status',
      token: running.token,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const own = await send(running.url, {
      path: '/api/status',
      token: running.token,
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    expect(own.status).toBe(200);
    expectNoCors(own);
  });

  it('never answers a CORS preflight with CORS headers', async () => {
    const preflight = await send(running.url, {
      method: 'OPTIONS',
      path: '/api/providers',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expectNoCors(preflight);
    const samePreflight = await send(running.url, {
      method: 'OPTIONS',
      path: '/api/providers',
      token: running.token,
    });
    expectNoCors(samePreflight);
    expect(samePreflight.status).toBeGreaterThanOrEqual(400);
  });

  it('logs a browser in with a one-time login link: HttpOnly SameSite=Strict cookie, then the cookie is enough', async () => {
    const wrong = await send(running.url, { path: '/api/login?code=nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // The long-lived token is not a login code: it never has to travel in a URL.
    expect((await send(running.url, { path: `/api/login?token=${running.token}` })).status).toBe(401);
    const link = new URL(adminLoginUrl(running.url, running.engine.issueLoginCode()));
    const login = await send(running.url, { path: link.pathname + link.search });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    const cookie = login.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^ais_admin=[0-9a-f]{64}; path=\/; samesite=strict; httponly$/i);
    const withCookie = await send(running.url, {
      path: '/api/status',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(withCookie.status).toBe(200);
    const badCookie = await send(running.url, { path: '/api/status', headers: { cookie: 'ais_admin=0000' } });
    expect(badCookie.status).toBe(401);
    // Used once: the same link no longer logs anyone in.
    const again = await send(running.url, { path: link.pathname + link.search });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('guards /metrics the same way and leaves the proxy endpoints alone', async () => {
    expect((await send(running.url, { path: '/metrics' })).status).toBe(401);
    expect(
      (await send(running.url, { path: '/metrics', token: running.token, headers: { host: 'evil.example' } }))
        .status,
    ).toBe(403);
    const metrics = await send(running.url, { path: '/metrics', token: running.token });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    const health = await send(running.url, { path: '/health' });
    expect(health.status).toBe(200);
  });

  it('answers an unknown admin path with a JSON 404, not the proxy’s', async () => {
    const answer = await send(running.url, { path: '/api/nothing-here', token: running.token });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: { message: 'the admin API has no GET /api/nothing-here' } });
  });
});
