import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { ProtocolError } from '../../../main/core/protocols/canonical';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';
import { sdkCreateFromJson, TEST_TARGET } from './chat-sdk-harness';

const JSON_FIXTURES = ['openai/chat', 'deepseek', 'groq', 'mistral', 'openai-compatible']
  .flatMap((folder) => listUpstreamFixtures(folder, /\.json$/))
  .filter((file) => !path.basename(file).includes('error'));

const CLIENT = { requestModel: 'client-model', responseId: 'resp_test' };

interface Summary {
  content: string | null;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cached_tokens: number;
    reasoning_tokens: number;
  };
}

/** Mistral Magistral answers with typed content parts; everyone else with a string. */
function splitContent(content: unknown): { text: string | null; thinking: string } {
  if (!Array.isArray(content)) return { text: typeof content === 'string' ? content : null, thinking: '' };
  let text = '';
  let thinking = '';
  for (const part of content as { type: string; text?: string; thinking?: { text: string }[] }[]) {
    if (part.type === 'text') text += part.text ?? '';
    if (part.type === 'thinking') thinking += (part.thinking ?? []).map((chunk) => chunk.text).join('');
  }
  return { text, thinking };
}

function summarize(completion: ChatCompletion): Summary {
  const choice = completion.choices[0];
  const message = choice?.message as unknown as Record<string, unknown>;
  const { text, thinking } = splitContent(message.content);
  const usage = completion.usage;
  const raw = (usage ?? {}) as unknown as Record<string, unknown>;
  const toolCalls = (choice?.message.tool_calls ?? []).map((call) => {
    if (call.type === 'custom') throw new Error('unexpected custom call');
    return { id: call.id, name: call.function.name, arguments: call.function.arguments };
  });
  return {
    // A tool-call-only turn has no text: `null` and `""` both mean that.
    content: text === '' && toolCalls.length > 0 ? null : text,
    reasoning: (typeof message.reasoning_content === 'string' ? message.reasoning_content : '') + thinking,
    toolCalls,
    finishReason: choice?.finish_reason ?? '',
    usage: {
      prompt_tokens: usage?.prompt_tokens ?? 0,
      total_tokens: usage?.total_tokens ?? 0,
      // xAI leaves reasoning out of completion_tokens; we report it inside, as OpenAI does.
      completion_tokens: (usage?.total_tokens ?? 0) - (usage?.prompt_tokens ?? 0),
      cached_tokens:
        usage?.prompt_tokens_details?.cached_tokens ??
        (typeof raw.prompt_cache_hit_tokens === 'number' ? raw.prompt_cache_hit_tokens : 0),
      reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    },
  };
}

describe('Chat JSON recordings: decodeResponse → encodeResponse → openai SDK', () => {
  it('covers every chat-style JSON recording', () => {
    expect(JSON_FIXTURES.length).toBeGreaterThanOrEqual(11);
  });

  for (const file of JSON_FIXTURES) {
    it(path.basename(file), async () => {
      const original = readJson(file);
      const decoded = openaiChatCodec.decodeResponse({ body: original, target: TEST_TARGET });
      const encoded = openaiChatCodec.encodeResponse({ response: decoded.value, client: CLIENT });
      const ours = await sdkCreateFromJson(encoded.value);
      expect(summarize(ours)).toEqual(summarize(await sdkCreateFromJson(original)));
      expect(ours.model).toBe('client-model');
      expect(ours.id.startsWith('chatcmpl-')).toBe(true);
      expect(ours.object).toBe('chat.completion');
      if (ours.choices[0]?.message.tool_calls) expect(ours.choices[0].message.content).toBeNull();
    });
  }

  it('maps DeepSeek usage: cached prompt tokens and reasoning tokens', () => {
    const { value } = openaiChatCodec.decodeResponse({
      body: readJson(listUpstreamFixtures('deepseek', /deepseek-tool-call\.json$/)[0] ?? ''),
      target: TEST_TARGET,
    });
    expect(value.usage).toEqual({
      inputTokens: 339,
      outputTokens: 92,
      cacheReadTokens: 320,
      cacheWriteTokens: 0,
      reasoningTokens: 48,
    });
    expect(value.stopReason).toBe('tool_use');
    expect(value.rawStopReason).toBe('tool_calls');
    expect(value.content.map((part) => part.type)).toEqual(['reasoning', 'tool-call']);
  });

  it('maps finish reasons and keeps the raw value', () => {
    const decode = (finish: string, withTool = false) =>
      openaiChatCodec.decodeResponse({
        body: {
          id: 'x',
          choices: [
            {
              message: {
                role: 'assistant',
                content: 'hi',
                ...(withTool
                  ? { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }
                  : {}),
              },
              finish_reason: finish,
            },
          ],
        },
        target: TEST_TARGET,
      }).value;
    expect(decode('stop').stopReason).toBe('end_turn');
    expect(decode('length').stopReason).toBe('max_tokens');
    expect(decode('tool_calls', true).stopReason).toBe('tool_use');
    expect(decode('stop', true).stopReason).toBe('tool_use');
    expect(decode('content_filter').stopReason).toBe('content_filter');
    expect(decode('insufficient_system_resource').stopReason).toBe('other');
    expect(decode('insufficient_system_resource').rawStopReason).toBe('insufficient_system_resource');
  });

  it('turns <think> in content into a reasoning part when the provider has think_tag', () => {
    const { value } = openaiChatCodec.decodeResponse({
      body: {
        id: 'x',
        choices: [
          {
            message: { role: 'assistant', content: '<think>plan it</think>\n\nThe answer.' },
            finish_reason: 'stop',
          },
        ],
      },
      target: { ...TEST_TARGET, thinkTag: 'think' },
    });
    expect(value.content).toEqual([
      { type: 'reasoning', text: 'plan it' },
      { type: 'text', text: 'The answer.' },
    ]);
  });

  it('throws the upstream error when a 200 body carries an error object', () => {
    expect(() =>
      openaiChatCodec.decodeResponse({
        body: { error: { message: 'quota gone', type: 'insufficient_quota' } },
        target: TEST_TARGET,
      }),
    ).toThrowError(ProtocolError);
  });

  it('encodes reasoning as reasoning_content and usage details', () => {
    const { value } = openaiChatCodec.encodeResponse({
      response: {
        id: 'msg_1',
        model: 'claude',
        content: [
          { type: 'reasoning', text: 'thinking', signature: { origin: 'anthropic', value: 'sig' } },
          { type: 'text', text: 'done' },
        ],
        stopReason: 'end_turn',
        usage: {
          inputTokens: 100,
          outputTokens: 20,
          cacheReadTokens: 80,
          cacheWriteTokens: 10,
          reasoningTokens: 5,
        },
      },
      client: CLIENT,
    });
    expect(value).toMatchObject({
      id: 'chatcmpl-msg_1',
      choices: [
        {
          message: { role: 'assistant', content: 'done', reasoning_content: 'thinking' },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 80 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    });
    expect(JSON.stringify(value)).not.toContain('sig');
  });
});
