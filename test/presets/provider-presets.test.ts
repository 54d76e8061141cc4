import { describe, expect, it } from 'vitest';
import { checkConfig, configSchema, providerSchema } from '../../main/core/config';
import {
  PROVIDER_PRESETS,
  findProviderPreset,
  presetToProviderConfig,
  providerPresetSchema,
  type ProviderPreset,
  type ProviderPresetInput,
} from '../../main/core/presets';
import {
  detectChatDialect,
  type ChatDialect,
} from '../../main/core/protocols/openai-chat/detect-chat-dialect';
import { resolveUpstreamUrl } from '../../main/core/upstream/resolve-upstream-url';

/** Every way to reach a preset: its own endpoint (undefined) and each alternative's id. */
function endpointChoices(preset: ProviderPreset): Array<string | undefined> {
  return [undefined, ...preset.alternatives.map((endpoint) => endpoint.id)];
}

function preset(id: string): ProviderPreset {
  const found = findProviderPreset(id);
  if (found === undefined) throw new Error(`no preset ${id}`);
  return found;
}

const VALID_INPUT: ProviderPresetInput = {
  id: 'example',
  displayName: 'Example',
  baseUrl: 'https://api.example.com/v1',
  format: 'chat',
  models: ['model-a', 'model-b'],
  defaultModel: 'model-a',
  docsUrl: 'https://docs.example.com/',
  keyEnv: 'EXAMPLE_API_KEY',
};

describe('provider presets', () => {
  it.each(PROVIDER_PRESETS.map((entry) => [entry.id, entry] as const))(
    '%s parses with providerPresetSchema, unchanged',
    (_id, entry) => {
      expect(providerPresetSchema.parse(entry)).toEqual(entry);
    },
  );

  it('has unique ids', () => {
    const ids = PROVIDER_PRESETS.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers the vendors issue #17 asks for', () => {
    const ids = PROVIDER_PRESETS.map((entry) => entry.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'deepseek',
        'zhipu',
        'zai',
        'moonshot',
        'qwen',
        'minimax',
        'siliconflow',
        'openrouter',
        'openai',
        'anthropic',
        'gemini',
        'xai',
        'groq',
        'mistral',
        'ollama',
        'lm-studio',
      ]),
    );
    // Zhipu's two platforms are two presets with separate accounts.
    expect(new URL(preset('zhipu').baseUrl).hostname).toBe('open.bigmodel.cn');
    expect(new URL(preset('zai').baseUrl).hostname).toBe('api.z.ai');
  });

  it('uses https everywhere except for servers on this machine', () => {
    for (const entry of PROVIDER_PRESETS) {
      const serverUrls = [entry.baseUrl, ...entry.alternatives.map((endpoint) => endpoint.baseUrl)];
      const pageUrls = [
        entry.docsUrl,
        entry.apiKeyUrl,
        ...entry.alternatives.flatMap((endpoint) => [endpoint.docsUrl, endpoint.apiKeyUrl]),
      ].filter((url): url is string => url !== undefined);

      for (const url of pageUrls) expect(new URL(url).protocol, `${entry.id}: ${url}`).toBe('https:');
      for (const url of serverUrls) {
        const parsed = new URL(url);
        if (entry.local === true) expect(parsed.hostname, `${entry.id}: ${url}`).toBe('localhost');
        else expect(parsed.protocol, `${entry.id}: ${url}`).toBe('https:');
      }
    }
  });

  it('marks only key-less local servers as local, and gives every hosted one a key variable', () => {
    const local = PROVIDER_PRESETS.filter((entry) => entry.local === true).map((entry) => entry.id);
    expect(local.sort()).toEqual(['lm-studio', 'ollama']);
    for (const entry of PROVIDER_PRESETS) {
      if (entry.local === true) expect(entry.keyEnv, entry.id).toBeUndefined();
      else expect(entry.keyEnv, entry.id).toMatch(/^[A-Z][A-Z0-9_]*_API_KEY$/);
    }
  });

  it.each(PROVIDER_PRESETS.map((entry) => [entry.id, entry] as const))(
    '%s converts to a valid config provider through every endpoint',
    (_id, entry) => {
      for (const endpoint of endpointChoices(entry)) {
        const provider = presetToProviderConfig(entry, {
          apiKey: 'sk-test',
          ...(endpoint ? { endpoint } : {}),
        });
        const parsed = providerSchema.safeParse(provider);
        expect(parsed.success, `${entry.id} ${endpoint ?? '(own)'}: ${parsed.error?.message}`).toBe(true);
        expect(parsed.data?.models).toEqual(entry.models);
      }
    },
  );

  it('makes a config that loads and checks without a single problem with every preset as a provider', () => {
    const providers = Object.fromEntries(
      PROVIDER_PRESETS.map((entry) => [entry.id, presetToProviderConfig(entry, { apiKey: 'sk-test' })]),
    );
    const routes = Object.fromEntries(
      PROVIDER_PRESETS.map((entry) => [
        `route-${entry.id}`,
        { provider: entry.id, default_model: entry.defaultModel },
      ]),
    );
    const config = configSchema.parse({ providers, routes });
    expect(checkConfig(config)).toEqual([]);
  });

  it('resolves each endpoint to the URL its vendor documents', () => {
    const url = (id: string, format: ProviderPreset['format'], endpoint?: string, model = 'm'): string => {
      const provider = providerSchema.parse(
        presetToProviderConfig(preset(id), endpoint === undefined ? {} : { endpoint }),
      );
      expect(provider.format).toBe(format);
      return resolveUpstreamUrl({ provider, format, model, stream: false });
    };
    expect(url('deepseek', 'chat')).toBe('https://api.deepseek.com/chat/completions');
    expect(url('deepseek', 'anthropic', 'anthropic')).toBe('https://api.deepseek.com/anthropic/v1/messages');
    expect(url('zhipu', 'chat')).toBe('https://open.bigmodel.cn/api/paas/v4/chat/completions');
    expect(url('zhipu', 'anthropic', 'anthropic')).toBe('https://open.bigmodel.cn/api/anthropic/v1/messages');
    expect(url('zai', 'chat')).toBe('https://api.z.ai/api/paas/v4/chat/completions');
    expect(url('zai', 'chat', 'coding-plan')).toBe('https://api.z.ai/api/coding/paas/v4/chat/completions');
    expect(url('moonshot', 'chat', 'international')).toBe('https://api.moonshot.ai/v1/chat/completions');
    expect(url('qwen', 'chat')).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions');
    expect(url('minimax', 'anthropic')).toBe('https://api.minimaxi.com/anthropic/v1/messages');
    expect(url('minimax', 'chat', 'chat')).toBe('https://api.minimaxi.com/v1/chat/completions');
    expect(url('openrouter', 'anthropic', 'anthropic')).toBe('https://openrouter.ai/api/v1/messages');
    expect(url('openai', 'responses')).toBe('https://api.openai.com/v1/responses');
    expect(url('anthropic', 'anthropic')).toBe('https://api.anthropic.com/v1/messages');
    expect(url('gemini', 'gemini', undefined, 'gemini-3.5-flash')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:generateContent',
    );
    expect(url('gemini', 'chat', 'chat')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    );
    expect(url('groq', 'chat')).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(url('ollama', 'chat')).toBe('http://localhost:11434/v1/chat/completions');
    expect(url('ollama', 'anthropic', 'anthropic')).toBe('http://localhost:11434/v1/messages');
    expect(url('lm-studio', 'chat')).toBe('http://localhost:1234/v1/chat/completions');
  });

  it('points each Chat endpoint at the dialect the Chat codec knows for that vendor', () => {
    const expected: Record<string, ChatDialect> = {
      deepseek: 'deepseek',
      zhipu: 'zhipu',
      zai: 'zhipu',
      moonshot: 'kimi',
      qwen: 'qwen',
      minimax: 'minimax',
      siliconflow: 'generic',
      openrouter: 'openrouter',
      openai: 'openai',
      gemini: 'generic',
      xai: 'xai',
      groq: 'groq',
      mistral: 'mistral',
      ollama: 'ollama',
      'lm-studio': 'generic',
    };
    for (const entry of PROVIDER_PRESETS) {
      const chatUrls = [entry, ...entry.alternatives]
        .filter((endpoint) => endpoint.format === 'chat')
        .map((endpoint) => endpoint.baseUrl);
      for (const baseUrl of chatUrls) {
        expect(detectChatDialect({ baseUrl, providerId: entry.id }), `${entry.id}: ${baseUrl}`).toBe(
          expected[entry.id],
        );
      }
    }
  });
});

describe('presetToProviderConfig', () => {
  it('writes the key it is given, trimmed', () => {
    expect(presetToProviderConfig(preset('deepseek'), { apiKey: '  sk-abc\n' })).toEqual({
      name: 'DeepSeek',
      base_url: 'https://api.deepseek.com',
      format: 'chat',
      models: ['deepseek-v4-pro', 'deepseek-v4-flash'],
      api_key: 'sk-abc',
    });
  });

  it('writes a ${KEY_ENV} reference when no key is given, and no key for a local server', () => {
    expect(presetToProviderConfig(preset('moonshot')).api_key).toBe('${MOONSHOT_API_KEY}');
    expect(presetToProviderConfig(preset('openai'), { apiKey: '   ' }).api_key).toBe('${OPENAI_API_KEY}');
    expect(presetToProviderConfig(preset('ollama'))).not.toHaveProperty('api_key');
  });

  it('takes base URL, format and think tag from the chosen alternative endpoint', () => {
    const chat = presetToProviderConfig(preset('minimax'), { endpoint: 'chat' });
    expect(chat).toMatchObject({
      name: 'MiniMax (OpenAI Chat)',
      base_url: 'https://api.minimaxi.com/v1',
      format: 'chat',
      think_tag: 'think',
    });
    // The Anthropic endpoint returns thinking blocks: no tag to split.
    expect(presetToProviderConfig(preset('minimax'))).not.toHaveProperty('think_tag');
  });

  it('carries a max output limit into max_output_tokens', () => {
    const limited = providerPresetSchema.parse({
      ...VALID_INPUT,
      quirks: { maxOutputTokens: { 'model-a': 8192 } },
    });
    expect(presetToProviderConfig(limited).max_output_tokens).toEqual({ 'model-a': 8192 });
    expect(presetToProviderConfig(providerPresetSchema.parse(VALID_INPUT))).not.toHaveProperty(
      'max_output_tokens',
    );
  });

  it('names the endpoints there are when asked for one that does not exist', () => {
    expect(() => presetToProviderConfig(preset('deepseek'), { endpoint: 'nope' })).toThrow(
      'preset deepseek has no endpoint "nope"; choose one of: anthropic',
    );
    expect(() => presetToProviderConfig(preset('xai'), { endpoint: 'anthropic' })).toThrow(
      'it has no alternative endpoints',
    );
  });
});

describe('providerPresetSchema', () => {
  function problems(input: unknown): string[] {
    const result = providerPresetSchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  }

  it('accepts a minimal hosted preset and fills the defaults', () => {
    expect(problems(VALID_INPUT)).toEqual([]);
    expect(providerPresetSchema.parse(VALID_INPUT)).toMatchObject({
      quirks: { notes: [] },
      alternatives: [],
    });
  });

  it('refuses a default model that is not in the list', () => {
    expect(problems({ ...VALID_INPUT, defaultModel: 'model-z' })).toEqual([
      'defaultModel: model-z is not in models (model-a, model-b)',
    ]);
  });

  it('refuses a hosted preset without a key variable', () => {
    const { keyEnv: _keyEnv, ...withoutKey } = VALID_INPUT;
    expect(problems(withoutKey)).toEqual([
      'keyEnv: a hosted provider needs keyEnv (local presets set local: true)',
    ]);
    expect(problems({ ...withoutKey, local: true })).toEqual([]);
  });

  it('refuses limits for models it does not list, unknown formats and unknown fields', () => {
    expect(problems({ ...VALID_INPUT, quirks: { maxOutputTokens: { 'model-z': 100 } } })).toEqual([
      'quirks.maxOutputTokens.model-z: model-z is not in models',
    ]);
    expect(problems({ ...VALID_INPUT, format: 'completions' })).toHaveLength(1);
    expect(problems({ ...VALID_INPUT, base_url: 'https://x' })).toHaveLength(1);
    expect(problems({ ...VALID_INPUT, id: 'Not Kebab' })).toHaveLength(1);
  });
});
