import type { ProviderPreset } from './provider-preset-schema';

/*
 * Checked 2026-12-07 against the Ollama and LM Studio docs. Both serve on
 * this machine without a key; the model ids are whatever the user has pulled
 * or loaded, so the lists below are examples from the vendors' docs.
 */
export const LOCAL_SERVER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'ollama',
    displayName: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    format: 'chat',
    models: ['qwen3-coder', 'gpt-oss:20b'],
    defaultModel: 'qwen3-coder',
    quirks: {
      notes: [
        'Use the names `ollama list` shows; a model must be pulled (`ollama pull <name>`) before it answers.',
        'reasoning_effort: none turns thinking off.',
      ],
    },
    docsUrl: 'https://docs.ollama.com/api/openai-compatibility',
    local: true,
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'http://localhost:11434',
        format: 'anthropic',
        docsUrl: 'https://docs.ollama.com/api/anthropic-compatibility',
        note: 'Ollama also serves /v1/messages on the same port.',
      },
    ],
  },
  {
    id: 'lm-studio',
    displayName: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    format: 'chat',
    models: ['openai/gpt-oss-20b'],
    defaultModel: 'openai/gpt-oss-20b',
    quirks: {
      notes: [
        "Start the server in LM Studio's Developer tab or with `lms server start`; use the model identifiers GET /v1/models lists.",
        'No key unless "Require Authentication" is on; then use an LM Studio API token.',
      ],
    },
    docsUrl: 'https://lmstudio.ai/docs/developer/openai-compat',
    local: true,
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'http://localhost:1234',
        format: 'anthropic',
        note: 'LM Studio also serves /v1/messages on the same port.',
      },
      {
        id: 'responses',
        label: 'OpenAI Responses',
        baseUrl: 'http://localhost:1234/v1',
        format: 'responses',
        note: 'LM Studio implements POST /v1/responses (the endpoint Codex uses).',
      },
    ],
  },
];
