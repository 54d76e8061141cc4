import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type ContractCall } from '../../main/core/contract';
import {
  chatCompletion,
  chatStreamFrames,
  startEngine,
  waitFor,
  type RunningEngine,
} from '../admin/admin-harness';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
} from '../helpers/scripted-upstream';
import {
  httpTransport,
  invokeTransport,
  type CallAnswer,
  type ContractTransport,
} from './contract-transports';

const KEY = 'sk-contract-suite-key-0123456789ab';
const FALLBACK_KEY = 'sk-contract-suite-fallback-4455667788';
const SECOND_KEY = 'sk-contract-second-provider-key-77665544';

function config(upstreamUrl: string): string {
  return `providers:
  local:
    base_url: ${upstreamUrl}
    api_key: \${CONTRACT_TEST_KEY}
    fallback_keys: [${FALLBACK_KEY}]
    models: [m1, m-think]
routes:
  ais-chat:
    provider: local
    default_model: m1
    scene_map:
      think: m-think
default_route: ais-chat
recording:
  capture: all
`;
}

function reply(request: RecordedRequest) {
  if (request.method === 'GET' && request.url === '/models')
    return { kind: 'json' as const, body: { object: 'list', data: [{ id: 'm1' }, { id: 'm2' }] } };
  // An upstream that quotes the key it was sent: the answer must not carry it back.
  if (request.json.stream) return { kind: 'sse' as const, frames: chatStreamFrames(11, 3) };
  return {
    kind: 'json' as const,
    body: chatCompletion(11, 3, `echo ${request.headers.authorization ?? ''}`),
  };
}

/**
 * Every contract call, the same suite through `api.invoke` and through HTTP:
 * the two transports must answer alike, and no answer but reveal-key's may
 * hold a provider key.
 */
describe.each(['api.invoke', 'HTTP'])('the contract through %s', (transportName) => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;
  let transport: ContractTransport;
  const called = new Set<ContractCall>();
  const answers: { name: ContractCall; answer: CallAnswer }[] = [];

  const call = async (name: ContractCall, input?: Record<string, unknown>): Promise<CallAnswer> => {
    called.add(name);
    const answer = await transport.call(name, input);
    answers.push({ name, answer });
    return answer;
  };
  const value = async <T>(name: ContractCall, input?: Record<string, unknown>): Promise<T> => {
    const answer = await call(name, input);
    if (!answer.ok) throw new Error(`${name} failed: ${answer.status} ${answer.message}`);
    return answer.value as T;
  };

  beforeAll(async () => {
    upstream = await startScriptedUpstream(reply);
    running = await startEngine(config(upstream.url), { CONTRACT_TEST_KEY: KEY });
    transport =
      transportName === 'HTTP' ? httpTransport(running.url, running.token) : invokeTransport(running.engine);
  });
  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  it('status, config read and reveal-key', async () => {
    expect(await value('status')).toMatchObject({ state: 'running', url: running.url });
    const read = await value<{
      config: { providers: { local: { api_key: string } } };
      envReferences: Record<string, string>;
    }>('configRead');
    expect(read.config.providers.local.api_key).toBe('sk-…89ab');
    expect(read.envReferences).toEqual({ 'providers.local.api_key': '${CONTRACT_TEST_KEY}' });
    expect(await value('providerRevealKey', { id: 'local' })).toEqual({
      apiKey: KEY,
      fallbackKeys: [FALLBACK_KEY],
    });
  });

  it('provider create, update, test and models; route create and update; defaults and settings', async () => {
    await value('providerCreate', {
      id: 'second',
      provider: { base_url: upstream.url, api_key: SECOND_KEY, models: ['s1'] },
    });
    await value('providerUpdate', {
      id: 'second',
      provider: { base_url: upstream.url, api_key: 'sk-…5544', models: ['s1', 's2'] },
    });
    expect(running.engine.config().providers.second?.api_key).toBe(SECOND_KEY);
    const tested = await value<{ ok: boolean }>('providerTest', { id: 'local' });
    expect(tested.ok).toBe(true);
    expect(await value('providerModels', { id: 'local' })).toEqual({ models: ['m1', 'm2'] });
    await value('routeCreate', { id: 'ais-second', route: { provider: 'second', default_model: 's1' } });
    await value('routeUpdate', {
      id: 'ais-second',
      route: { provider: 'second', default_model: 's2', label: 'Second' },
    });
    await value('defaultsUpdate', { default_chat_route: 'ais-second' });
    await value('settingsUpdate', { log_retention_days: 14 });
    expect(running.engine.config().log_retention_days).toBe(14);
    // An optional setting is removed by null; a required one cannot be.
    await value('settingsUpdate', { server: { proxy_url: 'http://127.0.0.1:3128' } });
    expect(running.engine.config().server.proxy_url).toBe('http://127.0.0.1:3128');
    await value('settingsUpdate', { server: { proxy_url: null } });
    expect(running.engine.config().server.proxy_url).toBeUndefined();
    expect(running.engine.config().log_retention_days).toBe(14);
    await value('guardrailsUpdate', { lockout: { max_failures: 3 } });
    expect(running.engine.config().guardrails.lockout?.max_failures).toBe(3);
    const refused = await call('settingsUpdate', { server: { port: null } });
    expect(refused).toMatchObject({ ok: false, status: 400, fields: [{ path: 'server.port' }] });
  });

  it('refuses bad input with field-level problems, alike on both transports', async () => {
    const answer = await call('providerCreate', { id: 'bad', provider: { base_url: 'not a url' } });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.status).toBe(400);
    expect(answer.fields.map((field) => field.path)).toContain('provider.base_url');
    const missing = await call('traceDetail', { id: 'no-such-trace' });
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });

  it('explains a decision without sending anything', async () => {
    const before = upstream.requests.length;
    const thinking = await value<{ ok: boolean; scene: string; model: string; rule: string }>(
      'routeExplain',
      {
        routeKey: 'ais-chat',
        protocol: 'openai-chat',
        model: 'gpt-x',
        thinking: true,
      },
    );
    expect(thinking).toMatchObject({ ok: true, scene: 'think', model: 'm-think', rule: 'scene_map.think' });
    const plain = await value<{ scene: string; model: string }>('routeExplain', {
      routeKey: 'ais-chat',
      protocol: 'anthropic',
      model: 'claude-x',
    });
    expect(plain).toMatchObject({ scene: 'default', model: 'm1' });
    expect(upstream.requests.length).toBe(before);
    const unknownKey = await value('routeExplain', {
      routeKey: 'ais-nope',
      protocol: 'anthropic',
      model: 'x',
    });
    expect(unknownKey).toMatchObject({ ok: true, matchedBy: expect.stringMatching(/default/) });
  });

  it('traces list (with requests in flight), detail and usage after a proxied request', async () => {
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ais-chat', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    const traceId = response.headers.get('x-request-id')!;
    await waitFor(() => running.engine.store().queries.getTrace(traceId) !== undefined);
    const list = await value<{ items: { id: string }[] }>('tracesList', { inflight: true, limit: 10 });
    expect(list.items.map((item) => item.id)).toContain(traceId);
    const detail = await value<{ id: string; bodies: Record<string, { content: string }> }>('traceDetail', {
      id: traceId,
    });
    expect(detail.id).toBe(traceId);
    const today = Date.now();
    const usage = await value<{ rows: { requests: number }[] }>('usageStats', {
      from: today - 86_400_000,
      to: today + 60_000,
      groupBy: 'provider',
    });
    expect(usage.rows.reduce((sum, row) => sum + row.requests, 0)).toBeGreaterThanOrEqual(1);
    const latency = await value<{ rows: { key: string; requests: number }[] }>('latencyStats', {
      from: today - 86_400_000,
      to: today + 60_000,
    });
    expect(latency.rows[0]).toMatchObject({ key: 'local', requests: 1 });
  });

  it('prices: config first, every built-in one with its source and day; an unpriced request says so', async () => {
    await value('settingsUpdate', { prices: { m1: { input: 0.5, output: 1 } } });
    const listed = await value<{
      checkedOn: string;
      prices: { model: string; origin: string; source?: string; checked?: string }[];
    }>('pricesList');
    expect(listed.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(listed.prices[0]).toEqual({ model: 'm1', input: 0.5, output: 1, origin: 'config' });
    const builtIn = listed.prices.filter((price) => price.origin === 'built-in');
    expect(builtIn.length).toBeGreaterThan(0);
    for (const price of builtIn) {
      expect(price.source).toMatch(/^https:\/\//);
      expect(price.checked! >= listed.checkedOn).toBe(true);
    }

    // m-think has no price anywhere: its trace says so instead of showing $0.
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ais-chat', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-x',
        reasoning_effort: 'high',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const traceId = response.headers.get('x-request-id')!;
    await waitFor(() => running.engine.store().queries.getTrace(traceId) !== undefined);
    const detail = await value<{
      upstreamModel: string;
      costUsd?: number;
      warnings: { code: string; message: string }[];
    }>('traceDetail', { id: traceId });
    expect(detail.upstreamModel).toBe('m-think');
    expect(detail.costUsd).toBeUndefined();
    expect(detail.warnings).toContainEqual({
      code: 'no-price',
      message: expect.stringContaining('no price is known for model m-think') as string,
    });
  });

  it('pause and resume, reload, a login link', async () => {
    expect(await value('proxyStop')).toEqual({ state: 'paused' });
    expect(await value('status')).toMatchObject({ state: 'paused' });
    expect(await value('proxyStart')).toEqual({ state: 'running' });
    expect(await value('reload')).toMatchObject({ ok: true });
    const { presets } = await value<{ presets: { id: string; baseUrl: string }[] }>('providerPresets');
    expect(presets.map((preset) => preset.id)).toEqual(expect.arrayContaining(['deepseek', 'ollama']));
    const link = await value<{ url: string }>('loginLink');
    expect(link.url).toMatch(new RegExp(`^${running.url}/api/login\\?code=`));
  });

  it('deletes a route and a provider', async () => {
    await value('defaultsUpdate', { default_chat_route: null });
    await value('routeDelete', { id: 'ais-second' });
    await value('providerDelete', { id: 'second' });
    expect(running.engine.config().providers.second).toBeUndefined();
  });

  it('the audit log holds each change, redacted; the guardrails status answers', async () => {
    const audit = await value<{
      items: { action: string; actor: string; ok: boolean }[];
      nextCursor?: number;
    }>('auditList', { limit: 200 });
    const actions = audit.items.map((item) => item.action);
    for (const action of [
      'providerCreate',
      'providerUpdate',
      'providerRevealKey',
      'routeCreate',
      'routeDelete',
      'providerDelete',
      'defaultsUpdate',
      'settingsUpdate',
      'guardrailsUpdate',
      'proxyStop',
      'proxyStart',
      'reload',
      'loginLink',
      'config change',
    ])
      expect(actions, action).toContain(action);
    expect(actions).not.toContain('status');
    // Who: the HTTP transport sends the admin token (no User-Agent); a call in process names no transport.
    const actor = transportName === 'HTTP' ? 'admin token' : 'in process';
    expect(audit.items.find((item) => item.action === 'config change')?.actor).toBe(actor);
    expect(audit.items.find((item) => item.action === 'providerCreate')?.actor).toBe(actor);
    const text = JSON.stringify(audit);
    for (const secret of [KEY, FALLBACK_KEY, SECOND_KEY, 'ais-second', 'ais-chat'])
      expect(text, 'the audit log holds a secret').not.toContain(secret);
    const page = await value<{ items: unknown[]; nextCursor?: number }>('auditList', { limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await value<{ items: { seq: number }[] }>('auditList', {
      limit: 2,
      cursor: page.nextCursor,
    });
    expect(next.items[0]!.seq).toBeLessThan(page.nextCursor!);
    expect(await value('guardrailsStatus')).toEqual({
      budgets: [],
      rateLimits: [],
      interceptRules: 0,
      lockout: { enabled: true, blockedAddresses: 0 },
      cache: {
        mode: 'off',
        semantic: { state: 'off', message: 'off (guardrails.cache.mode is not semantic)', entries: 0 },
      },
    });
    // Nothing to evaluate without a semantic block: a 400 that names the field and what to add.
    const evaluation = await call('cacheEvaluate');
    expect(evaluation).toMatchObject({ ok: false, status: 400 });
    expect(!evaluation.ok && evaluation.message).toContain('semantic: { provider');
  });

  it('drove every contract call, and no answer but reveal-key carries a provider key', () => {
    expect([...called].sort()).toEqual(Object.keys(contract.calls).sort());
    for (const { name, answer } of answers) {
      if (name === 'providerRevealKey') continue;
      const text = JSON.stringify(answer);
      for (const secret of [KEY, FALLBACK_KEY, SECOND_KEY])
        expect(text, `${name} leaked a key`).not.toContain(secret);
    }
  });
});
