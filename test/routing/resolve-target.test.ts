import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../main/core/config/schema';
import { createTokenCounter } from '../../main/core/routing/create-token-counter';
import { parseModelRef } from '../../main/core/routing/parse-model-ref';
import { resolveTarget, type TargetResolution } from '../../main/core/routing/resolve-target';
import { buildConfig, buildRequest, PNG_IMAGE, message, userText } from './build-fixtures';

const ROUTE_KEY = 'ais-route-key-for-target-tests';

function configWith(route: Record<string, unknown>) {
  return buildConfig({
    providers: {
      deepseek: { base_url: 'https://api.deepseek.com', models: ['deepseek-chat', 'deepseek-reasoner'] },
      zhipu: { base_url: 'https://open.bigmodel.cn/api/paas/v4', models: ['glm-4.6'] },
    },
    routes: { [ROUTE_KEY]: { provider: 'deepseek', ...route } },
  });
}

function resolve(route: Record<string, unknown>, request = buildRequest()): TargetResolution {
  const config = configWith(route);
  const resolved = config.routes[ROUTE_KEY] as RouteConfig;
  return resolveTarget({
    config,
    routeKey: ROUTE_KEY,
    route: resolved,
    request,
    counter: createTokenCounter(),
  });
}

describe('parseModelRef', () => {
  it('splits provider|model on the first bar and defaults the provider', () => {
    expect(parseModelRef('deepseek-chat', 'deepseek')).toEqual({
      providerId: 'deepseek',
      model: 'deepseek-chat',
    });
    expect(parseModelRef('zhipu|glm-4.6', 'deepseek')).toEqual({ providerId: 'zhipu', model: 'glm-4.6' });
    expect(parseModelRef('zhipu|odd|name', 'deepseek')).toEqual({ providerId: 'zhipu', model: 'odd|name' });
    expect(parseModelRef(' zhipu | glm-4.6 ', 'deepseek')).toEqual({ providerId: 'zhipu', model: 'glm-4.6' });
    expect(parseModelRef('|glm-4.6', 'deepseek')).toEqual({ providerId: 'deepseek', model: 'glm-4.6' });
  });
});

describe('resolveTarget model order', () => {
  const full = {
    model_map: { 'Claude-Sonnet-4-5': 'zhipu|glm-4.6' },
    scene_map: { think: 'deepseek-reasoner', default: 'deepseek-chat' },
    default_model: 'deepseek-v3',
  };
  const thinking = buildRequest({ reasoning: { enabled: true, effort: 'high' } });

  it('model_map first, matched case-insensitively, provider|model moves the provider', () => {
    expect(
      resolve(full, buildRequest({ model: 'claude-sonnet-4-5', reasoning: { enabled: true } })),
    ).toMatchObject({
      ok: true,
      providerId: 'zhipu',
      model: 'glm-4.6',
      rule: 'model_map',
      scene: 'think',
    });
  });

  it('then scene_map[scene]', () => {
    const result = resolve(full, { ...thinking, model: 'claude-opus-4-8' });
    expect(result).toMatchObject({
      ok: true,
      providerId: 'deepseek',
      model: 'deepseek-reasoner',
      rule: 'scene_map.think',
    });
  });

  it('then scene_map.default when the scene has no entry', () => {
    const result = resolve(
      full,
      buildRequest({ model: 'claude-opus-4-8', messages: [message('user', PNG_IMAGE)] }),
    );
    expect(result).toMatchObject({ scene: 'image', model: 'deepseek-chat', rule: 'scene_map.default' });
  });

  it('then default_model', () => {
    const result = resolve({ default_model: 'deepseek-v3' }, thinking);
    expect(result).toMatchObject({
      scene: 'think',
      model: 'deepseek-v3',
      rule: 'default_model',
      providerId: 'deepseek',
    });
  });

  it('then the client model, passed to the route provider unchanged (its bar never picks a provider)', () => {
    expect(resolve({}, buildRequest({ model: 'deepseek-chat' }))).toMatchObject({
      providerId: 'deepseek',
      model: 'deepseek-chat',
      rule: 'passthrough-model',
    });
    expect(resolve({}, buildRequest({ model: 'zhipu|glm-4.6' }))).toMatchObject({
      providerId: 'deepseek',
      model: 'zhipu|glm-4.6',
    });
  });

  it('scene_map.default applies to the default scene too', () => {
    expect(resolve({ scene_map: { default: 'zhipu|glm-4.6' } })).toMatchObject({
      rule: 'scene_map.default',
      providerId: 'zhipu',
    });
  });
});

describe('resolveTarget fallbacks and config problems', () => {
  it('parses fallbacks in order, skipping duplicates of the primary', () => {
    const result = resolve({
      default_model: 'deepseek-chat',
      fallback: ['zhipu|glm-4.6', 'deepseek-chat', 'deepseek-reasoner'],
    });
    expect(result).toMatchObject({
      fallbacks: [
        { providerId: 'zhipu', model: 'glm-4.6' },
        { providerId: 'deepseek', model: 'deepseek-reasoner' },
      ],
      warnings: [],
    });
  });

  it('a fallback naming an unknown provider is skipped with a warning', () => {
    const result = resolve({ fallback: ['nowhere|x', 'zhipu|glm-4.6'] });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.fallbacks).toEqual([{ providerId: 'zhipu', model: 'glm-4.6' }]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.message).toContain('"nowhere"');
  });

  it('an unknown provider in the chosen rule is a clear 400 config error, not a crash', () => {
    const result = resolve({ scene_map: { default: 'openrouter|some-model' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'invalid_request', status: 400 });
    expect(result.error.message).toContain('provider "openrouter"');
    expect(result.error.message).toContain('scene_map.default');
    expect(result.error.message).not.toContain(ROUTE_KEY);
  });

  it('a route whose own provider is missing fails the same way', () => {
    const config = buildConfig({ providers: {}, routes: { [ROUTE_KEY]: { provider: 'gone' } } });
    const route = config.routes[ROUTE_KEY] as RouteConfig;
    const result = resolveTarget({ config, routeKey: ROUTE_KEY, route, request: buildRequest() });
    expect(result).toMatchObject({ ok: false, error: { status: 400 } });
  });

  it('no model anywhere is a config error that says to set default_model', () => {
    const result = resolve({}, buildRequest({ model: '' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('default_model');
  });

  it('uses a known token count instead of counting, and reports it', () => {
    const result = resolve(
      { long_context_threshold: 1000, scene_map: { longContext: 'zhipu|glm-4.6' } },
      buildRequest({ messages: [userText('short words '.repeat(20))] }),
    );
    expect(result).toMatchObject({ scene: 'default', tokens: { exact: false } });
    const config = configWith({ long_context_threshold: 1000, scene_map: { longContext: 'zhipu|glm-4.6' } });
    const known = resolveTarget({
      config,
      routeKey: ROUTE_KEY,
      route: config.routes[ROUTE_KEY] as RouteConfig,
      request: buildRequest(),
      tokenCount: 5000,
    });
    expect(known).toMatchObject({
      scene: 'longContext',
      rule: 'scene_map.longContext',
      tokens: { count: 5000, exact: true },
    });
  });
});
