import type { ProviderPreset } from './provider-preset-schema';

/*
 * Checked 2026-12-07 against each vendor's API docs (base URLs, formats, model
 * ids, limits). Model lists go stale in months: they seed a new provider, the
 * user edits them afterwards.
 *
 * Each vendor gets its native format where the engine has a codec for it
 * (Anthropic Messages, OpenAI Responses, Gemini); the others speak OpenAI Chat.
 */
export const GLOBAL_VENDOR_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openrouter',
    displayName: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    format: 'chat',
    models: ['anthropic/claude-sonnet-4', 'openai/gpt-5-mini', 'z-ai/glm-5-turbo'],
    defaultModel: 'anthropic/claude-sonnet-4',
    quirks: {
      notes: [
        'Model ids are vendor/model slugs; the full list is at https://openrouter.ai/models.',
        'Reasoning is requested with reasoning: {effort | max_tokens | enabled}.',
        'Optional HTTP-Referer and X-Title headers (custom_headers) attribute requests to an app.',
      ],
    },
    docsUrl: 'https://openrouter.ai/docs/quickstart',
    apiKeyUrl: 'https://openrouter.ai/settings/keys',
    keyEnv: 'OPENROUTER_API_KEY',
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'https://openrouter.ai/api',
        format: 'anthropic',
        note: 'Same key; the endpoint OpenRouter documents for Claude Code.',
      },
    ],
  },
  {
    id: 'openai',
    displayName: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    format: 'responses',
    models: ['gpt-5.5', 'gpt-5.4', 'gpt-5.4-mini'],
    defaultModel: 'gpt-5.5',
    quirks: {
      notes: [
        'Responses is the default: reasoning models keep their reasoning between turns there, and Codex speaks it natively.',
      ],
    },
    docsUrl: 'https://platform.openai.com/docs/api-reference/responses',
    apiKeyUrl: 'https://platform.openai.com/api-keys',
    keyEnv: 'OPENAI_API_KEY',
    alternatives: [
      {
        id: 'chat',
        label: 'OpenAI Chat',
        baseUrl: 'https://api.openai.com/v1',
        format: 'chat',
        note: 'Chat Completions on the same host and key.',
      },
    ],
  },
  {
    id: 'anthropic',
    displayName: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    format: 'anthropic',
    models: ['claude-sonnet-4-6', 'claude-opus-4-7', 'claude-haiku-4-5'],
    defaultModel: 'claude-sonnet-4-6',
    quirks: {
      // Opus 4.7 128K, Sonnet 4.6 and Haiku 4.5 64K output: Claude Code's 64000 fits all three.
      notes: ['Claude Opus 4.7 accepts only adaptive thinking; a budget_tokens thinking request is refused.'],
    },
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
    apiKeyUrl: 'https://console.anthropic.com/settings/keys',
    keyEnv: 'ANTHROPIC_API_KEY',
    alternatives: [],
  },
  {
    id: 'gemini',
    displayName: 'Google Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    format: 'gemini',
    models: ['gemini-3.5-flash', 'gemini-3.1-pro-preview', 'gemini-3.1-flash-lite'],
    defaultModel: 'gemini-3.5-flash',
    quirks: {
      // 1M context and about 64K output tokens.
      notes: [
        'Gemini 3 requires thought signatures to be sent back during function calling.',
        'The Gemini 2.5 models were scheduled to shut down on 2026-10-16.',
      ],
    },
    docsUrl: 'https://ai.google.dev/gemini-api/docs',
    apiKeyUrl: 'https://aistudio.google.com/apikey',
    keyEnv: 'GEMINI_API_KEY',
    alternatives: [
      {
        id: 'chat',
        label: 'OpenAI Chat',
        baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
        format: 'chat',
        note: "Google's OpenAI-compatible endpoint, same key; fewer features than the native API.",
      },
    ],
  },
  {
    id: 'xai',
    displayName: 'xAI Grok',
    baseUrl: 'https://api.x.ai/v1',
    format: 'chat',
    models: ['grok-4.3', 'grok-4-1-fast-reasoning', 'grok-code-fast-1'],
    defaultModel: 'grok-4.3',
    quirks: { notes: [] },
    docsUrl: 'https://docs.x.ai/docs/introduction',
    apiKeyUrl: 'https://console.x.ai',
    keyEnv: 'XAI_API_KEY',
    alternatives: [],
  },
  {
    id: 'groq',
    displayName: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    format: 'chat',
    models: ['openai/gpt-oss-120b', 'llama-3.3-70b-versatile', 'openai/gpt-oss-20b'],
    defaultModel: 'openai/gpt-oss-120b',
    quirks: {
      notes: [
        "Groq's catalogue rotates (see https://console.groq.com/docs/models); where a model accepts fewer output tokens than a client asks for (Claude Code asks for 64000), set max_output_tokens from that page.",
      ],
    },
    docsUrl: 'https://console.groq.com/docs/openai',
    apiKeyUrl: 'https://console.groq.com/keys',
    keyEnv: 'GROQ_API_KEY',
    alternatives: [],
  },
  {
    id: 'mistral',
    displayName: 'Mistral AI',
    baseUrl: 'https://api.mistral.ai/v1',
    format: 'chat',
    models: ['mistral-medium-latest', 'devstral-medium-latest', 'codestral-latest'],
    defaultModel: 'mistral-medium-latest',
    quirks: {
      notes: ['Mistral Medium 3.5 (mistral-medium-latest) merges the Medium, Magistral and Devstral lines.'],
    },
    docsUrl: 'https://docs.mistral.ai/',
    apiKeyUrl: 'https://console.mistral.ai/api-keys',
    keyEnv: 'MISTRAL_API_KEY',
    alternatives: [
      {
        id: 'codestral',
        label: 'Codestral (Chat)',
        baseUrl: 'https://codestral.mistral.ai/v1',
        format: 'chat',
        note: 'Keys issued for codestral.mistral.ai work only there, not on api.mistral.ai.',
      },
    ],
  },
];
