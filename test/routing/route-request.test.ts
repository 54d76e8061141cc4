import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { createTokenCounter } from '../../main/core/routing/create-token-counter';
import { describeRoute, maskRouteKey } from '../../main/core/routing/describe-route';
import { routeRequest } from '../../main/core/routing/route-request';
import { buildConfig, buildRequest, userText } from './build-fixtures';

const KEY = 'ais-9f8e7d6c5b4a-1a2b';
const config = buildConfig({
  providers: {
    deepseek: { base_url: 'https://api.deepseek.com' },
    zhipu: { base_url: 'https://open.bigmodel.cn/api/paas/v4' },
  },
  routes: {
    [KEY]: {
      provider: 'deepseek',
      long_context_threshold: 90,
      scene_map: { longContext: 'zhipu|glm-4.6-long', background: 'deepseek-chat' },
      default_model: 'deepseek-v3',
      fallback: ['zhipu|glm-4.6', 'ghost|model'],
    },
  },
});

describe('maskRouteKey / describeRoute', () => {
  it('never shows more than a third of a key', () => {
    expect(maskRouteKey(KEY)).toBe('ais-…1a2b');
    expect(maskRouteKey('ais-claude')).toBe('ai…de');
    expect(maskRouteKey('short')).toBe('…');
    expect(describeRoute(KEY, { label: 'claude' })).toBe('claude');
    expect(describeRoute(KEY, { label: '  ' })).toBe('ais-…1a2b');
  });
});

describe('routeRequest', () => {
  it('produces the decision record: masked route, rule, scene, tokens, target, fallbacks, warnings, session', () => {
    // 500 bytes: bytes/8 = 62 is under 90, so the tokenizer decides (100 tokens).
    const text = 'word '.repeat(100);
    const routed = routeRequest({
      config,
      protocol: 'openai-chat',
      headers: { authorization: `Bearer ${KEY}`, 'x-session-id': 'sess-1' },
      request: buildRequest({ model: 'gpt-5-mini', messages: [userText(text)] }),
      counter: createTokenCounter(),
    });
    if (!routed.ok) throw new Error(routed.error.message);
    expect(routed.decision).toEqual({
      route: 'ais-…1a2b',
      matchedBy: 'route-key',
      requestedModel: 'gpt-5-mini',
      scene: 'longContext',
      rule: 'scene_map.longContext',
      tokens: { count: countTokens(text), exact: true, threshold: 90 },
      providerId: 'zhipu',
      model: 'glm-4.6-long',
      fallbacks: [{ providerId: 'zhipu', model: 'glm-4.6' }],
      sessionId: 'sess-1',
      attempts: [],
      warnings: [expect.objectContaining({ code: 'fallback-skipped' })],
    });
    expect(JSON.stringify(routed.decision)).not.toContain(KEY);
  });

  it('falls through to default_model when the scene has no entry', () => {
    const routed = routeRequest({
      config,
      protocol: 'anthropic',
      headers: { 'x-api-key': KEY },
      request: buildRequest({ model: 'claude-opus-4-8' }),
    });
    expect(routed).toMatchObject({
      ok: true,
      decision: {
        scene: 'default',
        rule: 'default_model',
        model: 'deepseek-v3',
        tokens: { exact: false, threshold: 90 },
      },
    });
  });

  it('answers the 401 for an unknown key, and config errors for broken targets', () => {
    const unknown = routeRequest({
      config,
      protocol: 'gemini',
      headers: {},
      query: { key: 'nope' },
      request: buildRequest(),
    });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'authentication', status: 401 } });

    const broken = buildConfig({ providers: {}, routes: { [KEY]: { provider: 'missing' } } });
    const routed = routeRequest({
      config: broken,
      protocol: 'anthropic',
      headers: { 'x-api-key': KEY },
      request: buildRequest(),
    });
    expect(routed).toMatchObject({ ok: false, error: { status: 400 } });
  });
});
