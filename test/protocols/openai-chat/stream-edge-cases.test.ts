import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../main/core/protocols/canonical';
import { createThinkTagSplitter, openaiChatCodec } from '../../../main/core/protocols/openai-chat';
import {
  chatSseFromPayloads,
  decodeSse,
  encodeEvents,
  parseSse,
  sdkFinalFromSse,
  ssePayloads,
  TEST_TARGET,
} from './chat-sdk-harness';

const chunk = (
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  extra: Record<string, unknown> = {},
) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...extra,
  });

const textOf = (events: StreamEvent[], type: 'text-delta' | 'reasoning-delta') =>
  events.flatMap((event) => (event.type === type ? [event.delta] : [])).join('');

describe('think_tag', () => {
  it('recognises <think> and </think> cut anywhere across chunks', () => {
    const full = '<think>step one, step two</think>\n\nThe answer is 4.';
    for (let cut1 = 1; cut1 < full.length - 1; cut1 += 1) {
      for (const cut2 of [cut1 + 1, Math.min(full.length - 1, cut1 + 7)]) {
        const pieces = [full.slice(0, cut1), full.slice(cut1, cut2), full.slice(cut2)];
        const { events } = decodeSse(
          chatSseFromPayloads([
            chunk({ role: 'assistant', content: '' }),
            ...pieces.map((piece) => chunk({ content: piece })),
            chunk({}, 'stop'),
          ]),
          { ...TEST_TARGET, thinkTag: 'think' },
        );
        expect(textOf(events, 'reasoning-delta'), `cuts ${cut1},${cut2}`).toBe('step one, step two');
        expect(textOf(events, 'text-delta'), `cuts ${cut1},${cut2}`).toBe('The answer is 4.');
      }
    }
  });

  it('never holds back more than a tag could need, and releases text that only looked like a tag', () => {
    const splitter = createThinkTagSplitter('think');
    expect(splitter.push('a <thi')).toEqual([{ kind: 'text', text: 'a ' }]);
    expect(splitter.push('s is not a tag')).toEqual([{ kind: 'text', text: '<this is not a tag' }]);
    expect(splitter.push('x<')).toEqual([{ kind: 'text', text: 'x' }]);
    expect(splitter.flush()).toEqual([{ kind: 'text', text: '<' }]);
  });
});

describe('stream decoder', () => {
  it('ends with response-error when the body stops without finish_reason', () => {
    const decoder = openaiChatCodec.createStreamDecoder({ target: TEST_TARGET });
    decoder.push({ data: chunk({ role: 'assistant', content: 'Hel' }) });
    const events = decoder.end();
    expect(events.at(-1)).toMatchObject({
      type: 'response-error',
      error: { kind: 'api_error', status: 502 },
    });
    expect(events.some((event) => event.type === 'text-end')).toBe(true);
    expect(decoder.end()).toEqual([]);
  });

  it('emits response-finish once, after the usage chunk that follows finish_reason', () => {
    const decoder = openaiChatCodec.createStreamDecoder({ target: TEST_TARGET });
    decoder.push({ data: chunk({ role: 'assistant', content: 'Hi' }) });
    const atFinish = decoder.push({ data: chunk({}, 'stop') });
    expect(atFinish.some((event) => event.type === 'response-finish')).toBe(false);
    decoder.push({
      data: JSON.stringify({
        id: 'chatcmpl-1',
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      }),
    });
    const atDone = decoder.push({ data: '[DONE]' });
    expect(atDone).toEqual([
      {
        type: 'response-finish',
        stopReason: 'end_turn',
        rawStopReason: 'stop',
        usage: {
          inputTokens: 5,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  it('turns an error payload into response-error with the upstream message', () => {
    const { events } = decodeSse(
      `data: ${chunk({ content: 'a' })}\n\ndata: {"error":{"message":"Rate limit reached for requests","type":"rate_limit_error","code":"rate_limit_exceeded"}}\n\n`,
    );
    expect(events.at(-1)).toEqual({
      type: 'response-error',
      error: { kind: 'rate_limit', status: 429, message: 'Rate limit reached for requests' },
    });
  });

  it('keeps parallel tool calls apart, including calls that repeat their id or reuse index 0', () => {
    const call = (index: number, id: string | undefined, name: string | undefined, args: string) =>
      chunk({
        tool_calls: [
          {
            index,
            ...(id ? { id, type: 'function' } : {}),
            function: { ...(name ? { name } : {}), arguments: args },
          },
        ],
      });
    const { events } = decodeSse(
      chatSseFromPayloads([
        chunk({ role: 'assistant', content: null }),
        call(0, 'call_a', 'weather', ''),
        call(0, 'call_a', undefined, '{"city":'),
        call(0, undefined, undefined, '"Paris"}'),
        call(1, 'call_b', 'time', '{}'),
        // A compat layer that puts a second whole call at index 0 again.
        call(0, 'call_c', 'news', '{"q":"x"}'),
        chunk({}, 'tool_calls'),
      ]),
    );
    const starts = events.flatMap((event) =>
      event.type === 'tool-input-start' ? [[event.id, event.toolCallId, event.name]] : [],
    );
    expect(starts.map(([, id, name]) => `${id}:${name}`)).toEqual([
      'call_a:weather',
      'call_b:time',
      'call_c:news',
    ]);
    const args = (blockId: string | undefined) =>
      events
        .flatMap((event) => (event.type === 'tool-input-delta' && event.id === blockId ? [event.delta] : []))
        .join('');
    expect(starts.map(([blockId]) => args(blockId))).toEqual(['{"city":"Paris"}', '{}', '{"q":"x"}']);
    expect(events.at(-1)).toMatchObject({ type: 'response-finish', stopReason: 'tool_use' });
  });

  it('ignores the Azure prompt-filter chunk with empty id and model', () => {
    const { events } = decodeSse(
      chatSseFromPayloads([
        JSON.stringify({
          choices: [],
          created: 0,
          id: '',
          model: '',
          object: '',
          prompt_filter_results: [{ prompt_index: 0 }],
        }),
        chunk({ role: 'assistant', content: 'ok' }),
        chunk({}, 'stop'),
      ]),
    );
    expect(events[0]).toEqual({ type: 'response-start', id: 'chatcmpl-1', model: 'm' });
  });
});

describe('stream encoder', () => {
  const client = { requestModel: 'client-model', responseId: 'resp_1' };

  it('streams parallel tool calls with their own indices and arguments, readable by the SDK', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'msg_1', model: 'claude' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Two calls.' },
      { type: 'reasoning-end', id: 'r', signature: { origin: 'anthropic', value: 'sig' } },
      { type: 'tool-input-start', id: 't1', toolCallId: 'toolu_1', name: 'weather', kind: 'function' },
      { type: 'tool-input-start', id: 't2', toolCallId: 'toolu_2', name: 'time', kind: 'function' },
      { type: 'tool-input-delta', id: 't1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 't2', delta: '{"tz":"UTC"}' },
      { type: 'tool-input-delta', id: 't1', delta: '"Oslo"}' },
      { type: 'tool-input-end', id: 't1' },
      { type: 'tool-input-end', id: 't2' },
      { type: 'usage-update', usage: { inputTokens: 10 } },
      {
        type: 'response-finish',
        stopReason: 'tool_use',
        usage: {
          inputTokens: 10,
          outputTokens: 4,
          cacheReadTokens: 2,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
    ];
    const sse = encodeEvents(events);
    const completion = await sdkFinalFromSse(sse);
    expect(completion.id).toBe('chatcmpl-msg_1');
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'time', arguments: '{"tz":"UTC"}' } },
    ]);
    expect(completion.usage).toMatchObject({
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 2 },
    });
    expect(sse).toContain('"reasoning_content":"Two calls."');
    expect(sse).not.toContain('sig');
  });

  it('writes an error frame on response-error and stops; end() is idempotent and never hangs', async () => {
    const encoder = openaiChatCodec.createStreamEncoder({ client });
    let sse = encoder.push({ type: 'response-start', id: '', model: 'm' });
    sse += encoder.push({ type: 'text-delta', id: 'x', delta: 'partial' });
    sse += encoder.push({
      type: 'response-error',
      error: { kind: 'overloaded', status: 529, message: 'Overloaded' },
    });
    expect(encoder.push({ type: 'text-delta', id: 'x', delta: 'late' })).toBe('');
    expect(encoder.end()).toBe('');
    expect(ssePayloads(sse).at(-1)).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' },
    });
    await expect(sdkFinalFromSse(sse)).rejects.toThrow(/Overloaded/);

    const unfinished = openaiChatCodec.createStreamEncoder({ client });
    unfinished.push({ type: 'response-start', id: '', model: 'm' });
    const tail = unfinished.end();
    expect(ssePayloads(tail)[0]).toHaveProperty('error');
    expect(unfinished.end()).toBe('');
    expect(parseSse(tail).some((event) => event.data === '[DONE]')).toBe(false);
  });
});
