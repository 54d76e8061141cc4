import { describe, expect, it } from 'vitest';
import { resolveRoute } from '../../main/core/routing/resolve-route';
import { buildConfig } from './build-fixtures';

const providers = { deepseek: { base_url: 'https://api.deepseek.com', models: ['deepseek-chat'] } };

const config = buildConfig({
  providers,
  routes: {
    'ais-claude-secret-key-0001': { provider: 'deepseek', label: 'claude' },
    'ais-disabled-secret-key-02': { provider: 'deepseek', disabled: true },
    'ais-anthropic-default-key3': { provider: 'deepseek' },
    'ais-general-default-key-04': { provider: 'deepseek' },
  },
  default_anthropic_route: 'ais-anthropic-default-key3',
  default_route: 'ais-general-default-key-04',
});

describe('resolveRoute', () => {
  it('matches an enabled route by its exact key', () => {
    const result = resolveRoute({ config, routeKey: 'ais-claude-secret-key-0001', protocol: 'anthropic' });
    expect(result).toMatchObject({
      ok: true,
      routeKey: 'ais-claude-secret-key-0001',
      matchedBy: 'route-key',
    });
  });

  it('uses the protocol default before default_route', () => {
    const result = resolveRoute({ config, routeKey: 'unknown', protocol: 'anthropic' });
    expect(result).toMatchObject({
      ok: true,
      routeKey: 'ais-anthropic-default-key3',
      matchedBy: 'protocol-default',
    });
  });

  it('falls to default_route for a protocol without its own default', () => {
    for (const protocol of ['openai-chat', 'openai-responses', 'gemini'] as const) {
      const result = resolveRoute({ config, routeKey: undefined, protocol });
      expect(result).toMatchObject({
        ok: true,
        routeKey: 'ais-general-default-key-04',
        matchedBy: 'default-route',
      });
    }
  });

  it('reads each protocol default from its own field', () => {
    const fields = {
      anthropic: 'default_anthropic_route',
      'openai-chat': 'default_chat_route',
      'openai-responses': 'default_responses_route',
      gemini: 'default_gemini_route',
    } as const;
    for (const [protocol, field] of Object.entries(fields) as [keyof typeof fields, string][]) {
      const perProtocol = buildConfig({
        providers,
        routes: { [`${field}-route`]: { provider: 'deepseek' } },
        [field]: `${field}-route`,
      });
      expect(resolveRoute({ config: perProtocol, routeKey: undefined, protocol })).toMatchObject({
        ok: true,
        routeKey: `${field}-route`,
        matchedBy: 'protocol-default',
      });
      const other = protocol === 'gemini' ? 'anthropic' : 'gemini';
      expect(resolveRoute({ config: perProtocol, routeKey: undefined, protocol: other }).ok).toBe(false);
    }
  });

  it('never matches a disabled route by key; the request falls to the defaults', () => {
    const result = resolveRoute({ config, routeKey: 'ais-disabled-secret-key-02', protocol: 'gemini' });
    expect(result).toMatchObject({ ok: true, matchedBy: 'default-route' });
  });

  it('skips a disabled or missing default', () => {
    const skipping = buildConfig({
      providers,
      routes: { off: { provider: 'deepseek', disabled: true }, general: { provider: 'deepseek' } },
      default_anthropic_route: 'off',
      default_chat_route: 'missing',
      default_route: 'general',
    });
    expect(resolveRoute({ config: skipping, routeKey: undefined, protocol: 'anthropic' })).toMatchObject({
      routeKey: 'general',
    });
    expect(resolveRoute({ config: skipping, routeKey: undefined, protocol: 'openai-chat' })).toMatchObject({
      routeKey: 'general',
    });
  });

  it('answers 401 with what to do, without leaking configured keys', () => {
    const noDefaults = buildConfig({
      providers,
      routes: { 'ais-secret-route-key-9999': { provider: 'deepseek' } },
    });
    const result = resolveRoute({
      config: noDefaults,
      routeKey: 'wrong-key',
      protocol: 'openai-chat',
      configPath: '/home/me/.ai-switch/config.yaml',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('authentication');
    expect(result.error.status).toBe(401);
    expect(result.error.message).toContain(
      'Set the API key of your client to a route key defined under routes: in config.yaml (/home/me/.ai-switch/config.yaml)',
    );
    expect(result.error.message).toContain('default_route');
    expect(result.error.message).not.toContain('ais-secret-route-key-9999');
    expect(result.error.message).not.toContain('wrong-key');
  });

  it('explains a missing key, a disabled key and a broken default differently, never naming the default', () => {
    const broken = buildConfig({
      providers,
      routes: { 'ais-off-route-key-0000000': { provider: 'deepseek', disabled: true } },
      default_route: 'ais-off-route-key-0000000',
    });
    const missing = resolveRoute({ config: broken, routeKey: undefined, protocol: 'gemini' });
    const disabled = resolveRoute({
      config: broken,
      routeKey: 'ais-off-route-key-0000000',
      protocol: 'gemini',
    });
    if (missing.ok || disabled.ok) throw new Error('expected both to fail');
    expect(missing.error.message).toMatch(/received no API key/);
    expect(disabled.error.message).toMatch(/route for this API key is disabled/);
    expect(missing.error.message).toMatch(/default_route names a route that is missing or disabled/);
    expect(missing.error.message).not.toContain('ais-off-route-key');
  });

  it('does not resolve Object.prototype names as routes', () => {
    const empty = buildConfig({ providers });
    expect(resolveRoute({ config: empty, routeKey: 'constructor', protocol: 'anthropic' }).ok).toBe(false);
    expect(
      resolveRoute({
        config: buildConfig({ providers, default_route: 'toString' }),
        routeKey: undefined,
        protocol: 'anthropic',
      }).ok,
    ).toBe(false);
  });
});
