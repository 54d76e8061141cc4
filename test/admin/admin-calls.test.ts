import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';
import {
  chatCompletion,
  chatStreamFrames,
  openEvents,
  send,
  startEngine,
  waitFor,
  type RunningEngine,
} from './admin-harness';

const KEY = 'sk-admin-calls-key-0123456789abcd';
const FALLBACK_KEY = 'sk-admin-calls-fallback-99887766';

function config(upstreamUrl: string): string {
  return `# AI Switch config written by hand
providers:
  local:
    # the fake provider
    base_url: ${upstreamUrl}
    api_key: \${ADMIN_TEST_KEY}   # from the environment
    fallback_keys: [${FALLBACK_KEY}]
    models: [m1]
routes:
  ais-chat:
    provider: local   # keep this comment
    default_model: m1
default_route: ais-chat
recording:
  capture: all   # keep every body, to read them back
server:
  port: 23456    # not the default, so a reset to defaults would show
`;
}

/** What the fake provider answers: model list, tool call, stream or plain JSON. */
function reply(request: RecordedRequest): UpstreamReply {
  if (request.method === 'GET' && request.url === '/models')
    return { kind: 'json', body: { object: 'list', data: [{ id: 'm1' }, { id: 'm2' }] } };
  if (request.json.tools) {
    return {
      kind: 'json',
      body: {
        ...chatCompletion(20, 5),
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      },
    };
  }
  if (request.json.stream) return { kind: 'sse', frames: chatStreamFrames(11, 3) };
  return { kind: 'json', body: chatCompletion(11, 3) };
}

describe('admin API calls against a real engine', () => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;
  const call = (method: string, path: string, body?: unknown) =>
    send(running.url, { method, path, token: running.token, body });

  beforeAll(async () => {
    upstream = await startScriptedUpstream(reply);
    running = await startEngine(config(upstream.url), { ADMIN_TEST_KEY: KEY });
  });
  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  it('status and config read; keys masked everywhere until reveal-key', async () => {
    const status = await call('GET', '/api/status');
    expect(status.json).toMatchObject({
      state: 'running',
      configPath: running.engine.configPath,
      startup: { source: 'file' },
    });
    const read = await call('GET', '/api/config');
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(KEY);
    expect(read.text).not.toContain(FALLBACK_KEY);
    const provider = (
      read.json as { config: { providers: Record<string, { api_key: string; fallback_keys: string[] }> } }
    ).config.providers.local!;
    expect(provider.api_key).toBe('sk-…abcd');
    expect(provider.fallback_keys).toEqual(['sk-…7766']);
    const revealed = await call('POST', '/api/providers/local/reveal-key');
    expect(revealed.json).toEqual({ apiKey: KEY, fallbackKeys: [FALLBACK_KEY] });
  });

  it('provider update with masked keys keeps the real keys, the comments and the ${VAR} reference', async () => {
    const read = await call('GET', '/api/config');
    const provider = (read.json as { config: { providers: Record<string, Record<string, unknown>> } }).config
      .providers.local!;
    const updated = await call('PUT', '/api/providers/local', {
      provider: { ...provider, name: 'Local fake', models: ['m1', 'm2'] },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.text).not.toContain(KEY);
    const file = readFileSync(running.engine.configPath, 'utf8');
    // The YAML writer normalises the spacing before a comment; the comment and the reference stay.
    expect(file).toMatch(/^ {4}api_key: \$\{ADMIN_TEST_KEY\} +# from the environment$/m);
    expect(file).toContain('# the fake provider');
    expect(file).toMatch(/provider: local +# keep this comment/);
    expect(file).toMatch(new RegExp(`fallback_keys: \\[ ?${FALLBACK_KEY} ?\\]`));
    expect(file).not.toContain(KEY);
    expect(file).toContain('name: Local fake');
    expect(running.engine.config().providers.local!.api_key).toBe(KEY);
    expect(running.engine.config().providers.local!.models).toEqual(['m1', 'm2']);
  });

  it('provider and route create / delete, with field-level errors', async () => {
    const invalid = await call('POST', '/api/providers', {
      id: 'second',
      provider: { base_url: 'not a url', format: 'smoke-signals' },
    });
    expect(invalid.status).toBe(400);
    const fields = (invalid.json as { error: { fields: { path: string }[] } }).error.fields.map(
      (field) => field.path,
    );
    expect(fields).toEqual(expect.arrayContaining(['provider.base_url', 'provider.format']));

    const created = await call('POST', '/api/providers', {
      id: 'second',
      provider: { base_url: upstream.url, api_key: 'sk-second-key-abcdefgh1234', models: ['s1'] },
    });
    expect(created.status, created.text).toBe(200);
    expect(created.text).not.toContain('sk-second-key-abcdefgh1234');
    const duplicate = await call('POST', '/api/providers', {
      id: 'second',
      provider: { base_url: upstream.url },
    });
    expect(duplicate.status).toBe(409);

    const badRoute = await call('POST', '/api/routes', { id: 'ais-new', route: { provider: 'nobody' } });
    expect(badRoute.status).toBe(400);
    expect(
      (badRoute.json as { error: { fields: { path: string; message: string }[] } }).error.fields,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'routes.ais-new.provider',
          message: expect.stringMatching(/nobody/),
        }),
      ]),
    );
    expect(readFileSync(running.engine.configPath, 'utf8')).not.toContain('ais-new');

    expect(
      (
        await call('POST', '/api/routes', {
          id: 'ais-new',
          route: { provider: 'second', default_model: 's1' },
        })
      ).status,
    ).toBe(200);
    expect(running.engine.config().routes['ais-new']).toMatchObject({ provider: 'second' });
    const inUse = await call('DELETE', '/api/providers/second');
    expect(inUse.status).toBe(400);
    expect(inUse.text).toMatch(/routes\.ais-new/);
    expect(
      (await call('PUT', '/api/routes/ais-new', { route: { provider: 'local', default_model: 'm2' } }))
        .status,
    ).toBe(200);
    expect(running.engine.config().routes['ais-new']).toMatchObject({
      provider: 'local',
      default_model: 'm2',
    });
    expect((await call('DELETE', '/api/routes/ais-new')).status).toBe(200);
    expect((await call('DELETE', '/api/providers/second')).status).toBe(200);
    expect((await call('DELETE', '/api/providers/second')).status).toBe(404);
    expect(Object.keys(running.engine.config().providers)).toEqual(['local']);
    expect(readFileSync(running.engine.configPath, 'utf8')).toContain('# AI Switch config written by hand');
  });

  it('defaults and settings updates', async () => {
    expect(
      (await call('PUT', '/api/defaults', { default_chat_route: 'ais-chat', default_route: null })).status,
    ).toBe(200);
    expect(running.engine.config().default_chat_route).toBe('ais-chat');
    expect(running.engine.config().default_route).toBeUndefined();
    const badDefault = await call('PUT', '/api/defaults', { default_anthropic_route: 'missing-route' });
    expect(badDefault.status).toBe(400);
    expect(badDefault.text).toContain('default_anthropic_route');
    expect(
      (await call('PUT', '/api/settings', { log_retention_days: 7, recording: { body_cap_kb: 64 } })).status,
    ).toBe(200);
    expect(running.engine.config().log_retention_days).toBe(7);
    // A partial update leaves the fields it does not name as they were (capture: all stays).
    expect(running.engine.config().recording).toEqual({ capture: 'all', body_cap_kb: 64 });
    const portBefore = running.engine.config().server.port;
    expect((await call('PUT', '/api/settings', { server: { allowed_ips: ['192.168.7.0/24'] } })).status).toBe(
      200,
    );
    expect(running.engine.config().server).toMatchObject({
      allowed_ips: ['192.168.7.0/24'],
      port: portBefore,
    });
    const badSetting = await call('PUT', '/api/settings', { log_retention_days: -1 });
    expect(badSetting.status).toBe(400);
    expect((badSetting.json as { error: { fields: { path: string }[] } }).error.fields[0]!.path).toBe(
      'log_retention_days',
    );
  });

  it('provider test and model list go through the real upstream client and codec', async () => {
    const before = upstream.requests.length;
    const tested = await call('POST', '/api/providers/local/test', {});
    expect(tested.status, tested.text).toBe(200);
    expect(tested.json).toMatchObject({
      ok: true,
      model: 'm1',
      models: ['m1', 'm2'],
      streaming: true,
      toolCalls: true,
    });
    const sent = upstream.requests.slice(before);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /models',
      'POST /chat/completions',
      'POST /chat/completions',
      'POST /chat/completions',
    ]);
    expect(sent[1]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent[2]!.json.stream).toBe(true);
    expect(sent[3]!.json.tools).toBeDefined();
    expect((await call('GET', '/api/providers/local/models')).json).toEqual({ models: ['m1', 'm2'] });
    expect((await call('POST', '/api/providers/nobody/test', {})).status).toBe(404);
  });

  it('traces list, detail and usage after proxied requests; SSE and metrics see them', async () => {
    const events = await openEvents(running.url, running.token);
    const proxied = async (stream: boolean) =>
      send(running.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer ais-chat', 'user-agent': 'admin-test/1.0' },
        body: {
          model: 'm1',
          stream,
          messages: [{ role: 'user', content: 'hello' }],
          ...(stream && { stream_options: { include_usage: true } }),
        },
      });
    expect((await proxied(false)).status).toBe(200);
    expect((await proxied(true)).status).toBe(200);
    await waitFor(() => events.events.filter((event) => event.event === 'traceFinished').length === 2);
    const finished = events.events
      .filter((event) => event.event === 'traceFinished')
      .map((event) => event.data as Record<string, unknown>);
    expect(finished.map((trace) => [trace.stream, trace.status, trace.client, trace.usage])).toEqual([
      [
        false,
        200,
        'admin-test/1.0',
        { inputTokens: 11, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      ],
      [
        true,
        200,
        'admin-test/1.0',
        { inputTokens: 11, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      ],
    ]);

    running.engine.store().flush();
    const list = await call('GET', '/api/traces?limit=1&client=admin-test%2F1.0');
    const page = list.json as { items: { id: string; stream: boolean }[]; nextCursor?: string };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.stream).toBe(true);
    const next = (
      await call('GET', `/api/traces?limit=1&client=admin-test%2F1.0&cursor=${page.nextCursor ?? ''}`)
    ).json as typeof page;
    expect(next.items.map((item) => item.id)).toEqual([finished[0]!.id]);
    expect((await call('GET', '/api/traces?status=error')).json).toEqual({ items: [] });
    expect((await call('GET', '/api/traces?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/traces?cursor=bogus')).status).toBe(400);

    const detail = await call('GET', `/api/traces/${page.items[0]!.id}`);
    expect(detail.json).toMatchObject({
      id: page.items[0]!.id,
      userAgent: 'admin-test/1.0',
      attempts: [{ providerId: 'local', status: 200 }],
    });
    expect(
      (detail.json as { bodies: { clientRequest: { content: string } } }).bodies.clientRequest.content,
    ).toContain('hello');
    expect((await call('GET', '/api/traces/no-such-trace')).status).toBe(404);

    const day = 86_400_000;
    const usage = await call(
      'GET',
      `/api/usage?from=${Date.now() - day}&to=${Date.now() + day}&groupBy=provider`,
    );
    expect((usage.json as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({ key: 'local', inputTokens: 22, outputTokens: 6 }),
    ]);
    expect((await call('GET', '/api/usage?groupBy=model')).status).toBe(400);

    const metrics = (await call('GET', '/metrics')).text;
    // The route label is the masked route key, as in the trace (the key itself is a credential).
    const route = String(finished[0]!.routeKeyLabel);
    expect(route).not.toBe('ais-chat');
    expect(metrics).toContain(
      `ais_requests_total{route="${route}",provider="local",model="m1",status="200",client="admin-test/1.0"} 2`,
    );
    expect(metrics).toContain('ais_tokens_total{type="input",provider="local",model="m1"} 22');
    expect(metrics).toContain('ais_tokens_total{type="output",provider="local",model="m1"} 6');
    expect(metrics).toContain(
      `ais_request_duration_seconds_count{route="${route}",provider="local",model="m1"} 2`,
    );
    expect(metrics).toMatch(/ais_time_to_first_token_seconds_count\{provider="local",model="m1"\} 2/);
    expect(metrics).toMatch(/ais_proxy_overhead_seconds_count\{provider="local"\} 2/);
    expect(metrics).toMatch(/^ais_active_streams 0$/m);
    expect(metrics).toMatch(/^ais_recorder_queue_depth 0$/m);
    expect(metrics).toMatch(/^ais_recorder_dropped_traces_total 0$/m);
    events.close();
  });

  it('proxy stop pauses the proxy (503 in the client protocol) while the admin API answers; start resumes', async () => {
    const events = await openEvents(running.url, running.token);
    expect((await call('POST', '/api/proxy/stop')).json).toEqual({ state: 'paused' });
    const refused = await send(running.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer ais-chat' },
      body: { model: 'm1', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(refused.status).toBe(503);
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/paused/);
    expect((await call('GET', '/api/status')).json).toMatchObject({ state: 'paused' });
    expect((await call('POST', '/api/proxy/start')).json).toEqual({ state: 'running' });
    await waitFor(() => events.events.filter((event) => event.event === 'serverStatus').length === 2);
    expect(events.events.map((event) => event.data)).toEqual([
      { state: 'paused', url: running.url },
      { state: 'running', url: running.url },
    ]);
    events.close();
  });

  it('reload reports every problem of an invalid file, keeps running, and tells the event stream', async () => {
    const events = await openEvents(running.url, running.token);
    const good = readFileSync(running.engine.configPath, 'utf8');
    writeFileSync(
      running.engine.configPath,
      `${good}\nroutes:\n  broken:\n    provider: ghost\n    fallback: [nowhere|x]\n`,
    );
    const reload = await call('POST', '/api/reload');
    expect(reload.status).toBe(200);
    const result = reload.json as { ok: boolean; problems: { path: string; severity: string }[] };
    expect(result.ok).toBe(false);
    expect(result.problems.filter((problem) => problem.severity === 'error').length).toBeGreaterThan(0);
    expect(running.engine.config().routes['ais-chat']).toBeDefined();
    await waitFor(() => events.events.some((event) => event.event === 'configChanged'));
    expect(events.events.find((event) => event.event === 'configChanged')!.data).toMatchObject({
      ok: false,
      reason: 'admin API',
    });
    writeFileSync(running.engine.configPath, good);
    expect((await call('POST', '/api/reload')).json).toMatchObject({ ok: true });
    await waitFor(() => events.events.filter((event) => event.event === 'configChanged').length === 2);
    events.close();
  });

  it('ends open event streams when the engine stops', async () => {
    const own = await startEngine(config(upstream.url), { ADMIN_TEST_KEY: KEY });
    const events = await openEvents(own.url, own.token);
    const started = Date.now();
    await own.close();
    await events.ended;
    expect(Date.now() - started).toBeLessThan(900);
  });
});
