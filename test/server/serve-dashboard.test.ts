import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, locateDashboardRoot, serveDashboard } from '../../main/core/server/serve-dashboard';
import { REPO_ROOT } from '../helpers/fixtures';

let baseUrl = '';
let server: ReturnType<Koa['listen']>;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ais-dashboard-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'not an asset');
  const app = new Koa();
  app.use(serveDashboard({ root, isSignedIn: (ctx) => ctx.get('cookie') === 'ais_admin=yes' }));
  app.use((ctx) => {
    ctx.body = { fallthrough: ctx.path };
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const html = { accept: 'text/html,application/xhtml+xml' };

describe('serveDashboard', () => {
  it('gives a signed-in browser index.html, never cached, under the strict CSP', async () => {
    const response = await fetch(`${baseUrl}/`, { headers: { ...html, cookie: 'ais_admin=yes' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await response.text()).toContain('<div id="root">');
  });

  it('gives a browser without the cookie a page saying how to sign in, not JSON', async () => {
    const response = await fetch(`${baseUrl}/`, { headers: html });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toContain('ais login');
    expect(text).toContain('ais serve');
    expect(text).not.toContain('<script');
  });

  it('serves hashed assets cached for a year', async () => {
    const response = await fetch(`${baseUrl}/assets/index-AbC123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('lets everything that is not a browser page through (health probes, HEAD /, the API)', async () => {
    expect(await (await fetch(`${baseUrl}/`)).json()).toEqual({ fallthrough: '/' });
    expect(
      (await fetch(`${baseUrl}/`, { method: 'HEAD', headers: html })).headers.get('content-security-policy'),
    ).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
    expect(await (await fetch(`${baseUrl}/api/status`, { headers: html })).json()).toEqual({
      fallthrough: '/api/status',
    });
  });

  it('reads nothing outside the assets folder', async () => {
    for (const attempt of ['/assets/..%2Fsecret.txt', '/assets/%2e%2e/secret.txt', '/assets/missing.js']) {
      const response = await fetch(`${baseUrl}${attempt}`);
      expect(await response.text(), attempt).not.toContain('not an asset');
    }
  });
});

describe('the built dashboard', () => {
  it('is found from the source tree and has no inline script for the CSP to refuse', () => {
    const root = locateDashboardRoot(path.join(REPO_ROOT, 'main/core/server'));
    expect(root).toBe(path.join(REPO_ROOT, 'out/renderer'));
    const index = readFileSync(path.join(root ?? '', 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
  });
});
