import { describe, expect, it } from 'vitest';
import { resolveUpstreamUrl } from '../../main/core/upstream/resolve-upstream-url';

describe('resolveUpstreamUrl', () => {
  it.each([
    ['chat', 'https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    ['chat', 'https://api.deepseek.com', 'https://api.deepseek.com/chat/completions'],
    ['chat', 'https://api.deepseek.com/v1/', 'https://api.deepseek.com/v1/chat/completions'],
    ['chat', 'https://open.bigmodel.cn/api/paas/v4', 'https://open.bigmodel.cn/api/paas/v4/chat/completions'],
    ['chat', 'https://api.moonshot.cn/v1', 'https://api.moonshot.cn/v1/chat/completions'],
    [
      'chat',
      'https://dashscope.aliyuncs.com/compatible-mode/v1',
      'https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions',
    ],
    ['chat', 'https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1/chat/completions'],
    ['chat', 'http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions'],
    ['responses', 'https://api.openai.com/v1', 'https://api.openai.com/v1/responses'],
    ['anthropic', 'https://api.anthropic.com', 'https://api.anthropic.com/v1/messages'],
    ['anthropic', 'https://api.anthropic.com/', 'https://api.anthropic.com/v1/messages'],
    ['anthropic', 'https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/messages'],
    ['anthropic', 'https://api.deepseek.com/anthropic', 'https://api.deepseek.com/anthropic/v1/messages'],
    [
      'anthropic',
      'https://open.bigmodel.cn/api/anthropic',
      'https://open.bigmodel.cn/api/anthropic/v1/messages',
    ],
  ] as const)('%s at %s → %s', (format, baseUrl, expected) => {
    expect(resolveUpstreamUrl({ provider: { base_url: baseUrl }, format, model: 'm', stream: true })).toBe(
      expected,
    );
    expect(resolveUpstreamUrl({ provider: { base_url: baseUrl }, format, model: 'm', stream: false })).toBe(
      expected,
    );
  });

  it('puts the model and action in the Gemini path and asks for SSE when streaming', () => {
    const provider = { base_url: 'https://generativelanguage.googleapis.com' };
    expect(resolveUpstreamUrl({ provider, format: 'gemini', model: 'gemini-2.5-flash', stream: false })).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(
      resolveUpstreamUrl({ provider, format: 'gemini', model: 'models/gemini-2.5-pro', stream: true }),
    ).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    expect(
      resolveUpstreamUrl({
        provider: { base_url: 'https://generativelanguage.googleapis.com/v1' },
        format: 'gemini',
        model: 'g',
        stream: true,
      }),
    ).toBe('https://generativelanguage.googleapis.com/v1/models/g:streamGenerateContent?alt=sse');
  });

  it('lets path override the default, with {model} and {action} placeholders', () => {
    expect(
      resolveUpstreamUrl({
        provider: { base_url: 'https://api.example.com', path: '/v1/chat/completions' },
        format: 'chat',
        model: 'm',
        stream: true,
      }),
    ).toBe('https://api.example.com/v1/chat/completions');
    expect(
      resolveUpstreamUrl({
        provider: {
          base_url: 'https://proxy.example.com/google/',
          path: 'v1beta/publishers/google/models/{model}:{action}',
        },
        format: 'gemini',
        model: 'gemini-2.5-flash',
        stream: true,
      }),
    ).toBe(
      'https://proxy.example.com/google/v1beta/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(
      resolveUpstreamUrl({
        provider: { base_url: 'https://x.example.com', path: '/deployments/{model}/chat' },
        format: 'chat',
        model: 'a/b c',
        stream: false,
      }),
    ).toBe('https://x.example.com/deployments/a%2Fb%20c/chat');
  });

  it('merges query strings from base_url and path (Azure api-version)', () => {
    expect(
      resolveUpstreamUrl({
        provider: {
          base_url: 'https://r.openai.azure.com/openai/deployments/gpt?api-version=2024-10-21',
          path: '/chat/completions?x=1',
        },
        format: 'chat',
        model: 'gpt',
        stream: true,
      }),
    ).toBe('https://r.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21&x=1');
    expect(
      resolveUpstreamUrl({
        provider: { base_url: 'https://g.example.com', path: '/models/{model}:{action}?alt=json' },
        format: 'gemini',
        model: 'g',
        stream: true,
      }),
    ).toBe('https://g.example.com/models/g:streamGenerateContent?alt=json');
  });
});
