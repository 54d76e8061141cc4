import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAis } from '../helpers/agent-sandbox';

const TOKEN = 'a'.repeat(64);

/**
 * A stand-in engine: answers /health and the admin calls the CLI makes,
 * checks the admin token, and records what it was asked. run.json names it
 * (with this test's own pid, which is alive).
 */
describe('ais login, route explain, provider test and status over the admin API', () => {
  const seen: { method: string; url: string; authorization?: string; body: string }[] = [];
  let server: http.Server;
  let env: NodeJS.ProcessEnv;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const answer = (status: number, value: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        };
        if (request.url === '/health') return answer(200, { status: 'ok', version: 'test' });
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body,
        });
        if (request.headers.authorization !== `Bearer ${TOKEN}`)
          return answer(401, { error: { message: 'no token' } });
        const route = `${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`;
        switch (route) {
          case 'POST /api/login-link':
            return answer(200, { url: `${url}/api/login?code=fresh-code` });
          case 'POST /api/explain':
            return answer(200, {
              ok: true,
              route: 'work',
              matchedBy: 'route key',
              requestedModel: 'claude-sonnet-4-5',
              scene: 'think',
              sceneReason: 'thinking requested',
              rule: 'scene_map.think',
              providerId: 'deepseek',
              model: 'deepseek-reasoner',
              fallback: [{ providerId: 'zhipu', model: 'glm-4.6' }],
              tokens: { count: 1200, exact: false, threshold: 60000 },
              warnings: [],
              summary: 'think → deepseek|deepseek-reasoner',
            });
          case 'POST /api/providers/deep%20seek/test':
            return answer(200, {
              ok: false,
              latencyMs: 812,
              model: 'm1',
              streaming: false,
              toolCalls: false,
              error: 'upstream said 401',
            });
          case 'GET /api/status':
            return answer(200, {
              version: '9.9.9',
              state: 'running',
              url,
              home: '/h',
              configPath: '/h/config.yaml',
              startedAt: Date.now() - 3_723_000,
            });
          case 'GET /api/usage':
            return answer(200, {
              rows: [
                {
                  key: 'd',
                  requests: 12,
                  successes: 11,
                  errors: 1,
                  inputTokens: 123456,
                  outputTokens: 789,
                  cacheReadTokens: 0,
                  cacheWriteTokens: 0,
                  reasoningTokens: 0,
                  costUsd: 0.1234,
                  unpricedRequests: 0,
                },
              ],
            });
          default:
            return answer(404, { error: { message: `the admin API has no ${route}` } });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const home = mkdtempSync(path.join(tmpdir(), 'ais-admin-cli-'));
    writeFileSync(path.join(home, 'admin-token'), `${TOKEN}\n`);
    writeFileSync(
      path.join(home, 'run.json'),
      JSON.stringify({ pid: process.pid, url, startedAt: Date.now(), version: '9.9.9' }),
    );
    env = { ...process.env, AIS_HOME: home };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ais login prints the fresh link', async () => {
    expect(await runAis(['login'], { env })).toMatchObject({
      code: 0,
      stdout: `${url}/api/login?code=fresh-code\n`,
    });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/login-link',
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('ais route explain sends the request shape and prints the decision', async () => {
    const result = await runAis(
      ['route', 'explain', 'work', '--model', 'claude-sonnet-4-5', '--thinking', '--tokens', '1200'],
      { env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(seen.at(-1)?.body ?? '')).toEqual({
      protocol: 'anthropic',
      routeKey: 'work',
      model: 'claude-sonnet-4-5',
      thinking: true,
      tokens: 1200,
    });
    expect(result.stdout).toBe(
      'route:    work (matched by route key)\nscene:    think (thinking requested)\nrule:     scene_map.think\ntarget:   deepseek / deepseek-reasoner\nfallback: zhipu|glm-4.6\ntokens:   1200 (estimate), long context from 60000\n',
    );
    const bad = await runAis(['route', 'explain', '--tokens', 'lots'], { env });
    expect(bad).toMatchObject({ code: 2, stderr: 'ais: --tokens must be a whole number, not "lots"\n' });
  });

  it('ais provider test reports a failure and exits 1', async () => {
    const result = await runAis(['provider', 'test', 'deep seek'], { env });
    expect(result).toMatchObject({
      code: 1,
      stdout: 'deep seek m1: FAILED after 812 ms: upstream said 401\n',
    });
    expect(seen.at(-1)?.url).toBe('/api/providers/deep%20seek/test');
  });

  it("ais status prints uptime and today's totals", async () => {
    const result = await runAis(['status'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `AI Switch 9.9.9 running at ${url} (pid ${process.pid})\nUp 1h 2m, config /h/config.yaml\nToday: 12 requests (1 failed), 123,456 in / 789 out tokens, $0.1234\n`,
    );
    const usage = seen.find((request) => request.url.startsWith('/api/usage'));
    const query = new URL(usage?.url ?? '', url).searchParams;
    expect(query.get('groupBy')).toBe('day');
    expect(Number(query.get('to')) - Number(query.get('from'))).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it("an engine without a call says so in the engine's words", async () => {
    const wrongToken = { ...env, AIS_HOME: mkdtempSync(path.join(tmpdir(), 'ais-admin-cli-')) };
    writeFileSync(path.join(wrongToken.AIS_HOME as string, 'admin-token'), 'b'.repeat(64));
    writeFileSync(
      path.join(wrongToken.AIS_HOME as string, 'run.json'),
      JSON.stringify({ pid: process.pid, url, startedAt: 1, version: 'x' }),
    );
    expect(await runAis(['login'], { env: wrongToken })).toMatchObject({
      code: 1,
      stderr: 'ais: no token\n',
    });
  });
});
