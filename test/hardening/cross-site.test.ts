import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { isLoopbackHost } from '../../main/core/server/address-policy';
import { answerChat, CHAT_BODY, configFor } from './harness';

// Issue #24 §1: a web page the user visits must not be able to spend their keys
// through the proxy on 127.0.0.1 (a simple text/plain POST needs no preflight,
// and DNS rebinding makes the page same-origin).

describe('hardening: web pages cannot use the proxy', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let port: string;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answerChat);
    ais = await startAis(
      configFor(
        upstream.url,
        'server:\n  allowed_origins: [https://allowed.example]\n  host_names: [ai.lan]\n',
      ),
    );
    port = new URL(ais.url).port;
  });
  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  const post = (requestPath: string, headers: Record<string, string>, body = CHAT_BODY) =>
    send(ais.url, {
      method: 'POST',
      path: requestPath,
      body,
      headers: { 'content-type': 'text/plain', ...headers },
    });

  it('refuses a foreign Origin with a 403 in the OpenAI shape, logs it, never calls the provider', async () => {
    const before = upstream.requests.length;
    const answer = await post('/v1/chat/completions', { origin: 'http://attacker.example' });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: { type: 'permission_error' } });
    expect((answer.json as { error: { message: string } }).error.message).toMatch(/server\.allowed_origins/);
    expect(upstream.requests.length).toBe(before);
    expect(await waitUntil(() => /refused a browser request/.test(ais.output()))).toBe(true);
  });

  it('refuses a rebound DNS name as Host, in the Anthropic shape', async () => {
    const answer = await post(
      '/v1/messages',
      { host: `attacker.example:${port}`, 'anthropic-version': '2023-06-01' },
      JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('refuses names that merely start like loopback addresses', async () => {
    for (const host of ['127.0.0.1.evil.example', '127.evil.example', 'localhost.evil.example']) {
      const answer = await post('/v1/chat/completions', { host: `${host}:${port}` });
      expect(answer.status, host).toBe(403);
    }
    for (const host of ['127.evil.example', '127.0.0.1.evil.example', 'localhost.evil', '::ffff:10.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site (a page on another local port)', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const answer = await post('/v1/chat/completions', { 'sec-fetch-site': site });
      expect(answer.status, site).toBe(403);
    }
  });

  it('refuses a rebound Host on the admin API too', async () => {
    const answer = await send(ais.url, {
      path: '/api/status',
      headers: { host: `127.0.0.1.evil.example:${port}` },
    });
    expect(answer.status).toBe(403);
  });

  it('serves SDK clients, loopback and IP Hosts, configured names and allow-listed origins', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { host: `localhost:${port}` },
      { host: `[::1]:${port}` },
      { host: `192.168.1.5:${port}` },
      { host: `ai.lan:${port}` },
      { origin: 'https://allowed.example', 'sec-fetch-site': 'cross-site' },
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' },
    ]) {
      const answer = await post('/v1/chat/completions', { 'content-type': 'application/json', ...headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
    }
  });

  describe('from a real page in Chromium', () => {
    let browser: BrowserContext;
    let page: http.Server;
    let pageUrl: string;

    beforeAll(async () => {
      page = http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>elsewhere</title>');
      });
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
      browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'ais-chromium-')), {
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => page?.close(resolve));
    });

    it('a no-cors text/plain POST from another origin never reaches the provider', async () => {
      const tab = await browser.newPage();
      await tab.goto(pageUrl);
      const before = upstream.requests.length;
      const outcome = await tab.evaluate(
        async ({ target, body }) => {
          const results: string[] = [];
          // The classic attack: an opaque no-cors POST (no preflight, response unreadable).
          await fetch(target, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body,
          });
          results.push('no-cors sent');
          try {
            const response = await fetch(target, {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body,
            });
            results.push(`cors read ${response.status}`);
          } catch (error) {
            results.push(`cors failed: ${(error as Error).message}`);
          }
          return results;
        },
        { target: `${ais.url}/v1/chat/completions`, body: CHAT_BODY },
      );
      expect(outcome[0]).toBe('no-cors sent');
      expect(outcome[1]).toMatch(/^cors failed/);
      expect(upstream.requests.length).toBe(before);
      // Both the opaque and the CORS request were refused and logged with the page's origin.
      const pageOrigin = `"origin":"${pageUrl.slice(0, -1)}"`;
      expect(await waitUntil(() => ais.output().split(pageOrigin).length > 2)).toBe(true);
      await tab.close();
    });
  });
});
