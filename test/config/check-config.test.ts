import { describe, expect, it } from 'vitest';
import { checkConfig, configSchema, parseModelReference, type AppConfig } from '../../main/core/config';

function config(input: unknown): AppConfig {
  return configSchema.parse(input);
}

const PROVIDERS = {
  deepseek: { base_url: 'https://api.deepseek.com', models: ['deepseek-chat', 'deepseek-reasoner'] },
  open: { base_url: 'https://open.example' },
};

function lines(appConfig: AppConfig): string[] {
  return checkConfig(appConfig).map((problem) => `${problem.severity} ${problem.path}: ${problem.message}`);
}

describe('checkConfig', () => {
  it('finds nothing wrong with a consistent config', () => {
    const valid = config({
      default_route: 'r',
      providers: PROVIDERS,
      routes: {
        r: {
          provider: 'deepseek',
          default_model: 'deepseek-chat',
          scene_map: { think: 'deepseek-reasoner', longContext: 'open|any-model-at-all' },
          model_map: { 'gpt-4o': 'deepseek|deepseek-chat' },
          fallback: ['open|m'],
        },
      },
    });
    expect(checkConfig(valid)).toEqual([]);
  });

  it('reports references to undefined providers as errors, wherever they are', () => {
    const appConfig = config({
      providers: PROVIDERS,
      routes: {
        'ais-claude': {
          provider: 'zhipu',
          default_model: 'glm-4.7',
          scene_map: { think: 'kimi|k2' },
          model_map: { 'gpt-4o': 'moonshot|kimi' },
          fallback: ['deepseek|deepseek-chat', 'nope|x'],
        },
      },
    });
    expect(lines(appConfig)).toEqual([
      'error routes.ais-claude.provider: provider "zhipu" is not defined',
      'error routes.ais-claude.scene_map.think: provider "kimi" is not defined',
      'error routes.ais-claude.model_map.gpt-4o: provider "moonshot" is not defined',
      'error routes.ais-claude.fallback[1]: provider "nope" is not defined',
    ]);
  });

  it('errors on a default route that is not defined and warns on one that is disabled', () => {
    const appConfig = config({
      default_route: 'off',
      default_gemini_route: 'missing',
      providers: PROVIDERS,
      routes: { off: { provider: 'open', disabled: true } },
    });
    expect(lines(appConfig)).toEqual([
      'warning default_route: route "off" is disabled, so this default is never used',
      'error default_gemini_route: route "missing" is not defined',
    ]);
  });

  it('warns about models missing from a provider that lists its models, and only then', () => {
    const appConfig = config({
      providers: PROVIDERS,
      routes: {
        r: { provider: 'deepseek', default_model: 'deepseek-v9', scene_map: { background: 'open|whatever' } },
      },
    });
    expect(lines(appConfig)).toEqual([
      'warning routes.r.default_model: model "deepseek-v9" is not in provider "deepseek"\'s models list',
    ]);
  });

  it('warns about unknown scene names and suggests the right spelling', () => {
    const appConfig = config({
      providers: PROVIDERS,
      routes: { r: { provider: 'open', scene_map: { longcontext: 'm', coding: 'm' } } },
    });
    const messages = lines(appConfig);
    expect(messages).toContain(
      'warning routes.r.scene_map.longcontext: unknown scene "longcontext" is never used; did you mean "longContext"?',
    );
    expect(messages.find((line) => line.includes('"coding"'))).toContain(
      'known scenes: default, think, websearch, background, longContext, image',
    );
  });

  it('warns about unset variables it is told about', () => {
    const problems = checkConfig(config({}), {
      unsetVars: [{ name: 'DS_KEY', path: ['providers', 'ds', 'api_key'], state: 'unset' }],
    });
    expect(problems).toEqual([
      {
        path: 'providers.ds.api_key',
        message: 'environment variable ${DS_KEY} is not set',
        severity: 'warning',
      },
    ]);
  });
});

describe('parseModelReference', () => {
  const providerIds = new Set(['deepseek', 'ollama']);

  it('reads provider|model, and a plain model on the route provider', () => {
    expect(parseModelReference({ value: 'deepseek|deepseek-chat', routeProvider: 'x' })).toEqual({
      provider: 'deepseek',
      model: 'deepseek-chat',
      syntax: 'pipe',
    });
    expect(parseModelReference({ value: 'glm-4.7', routeProvider: 'zhipu', providerIds })).toEqual({
      provider: 'zhipu',
      model: 'glm-4.7',
      syntax: 'plain',
    });
  });

  it("honours the original ai-switch's provider:model only for a defined provider", () => {
    expect(
      parseModelReference({ value: 'deepseek:deepseek-chat', routeProvider: 'x', providerIds }),
    ).toMatchObject({
      provider: 'deepseek',
      model: 'deepseek-chat',
      syntax: 'colon',
    });
    // A model id with a colon stays a model id.
    expect(parseModelReference({ value: 'qwen2.5:7b', routeProvider: 'ollama', providerIds })).toMatchObject({
      provider: 'ollama',
      model: 'qwen2.5:7b',
      syntax: 'plain',
    });
    expect(
      parseModelReference({ value: 'ollama|qwen2.5:7b', routeProvider: 'x', providerIds }),
    ).toMatchObject({
      provider: 'ollama',
      model: 'qwen2.5:7b',
    });
  });
});
