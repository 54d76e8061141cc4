import { describe, expect, it } from 'vitest';
import { anthropicCodec } from '../../../main/core/protocols/anthropic';
import { TARGET } from './replay-anthropic-sse';

function decode(payloads: unknown[]) {
  const decoder = anthropicCodec.createStreamDecoder({ target: TARGET });
  const events = payloads.flatMap((payload) => decoder.push({ data: JSON.stringify(payload) }));
  return { events, ending: decoder.end(), warnings: decoder.warnings };
}

const START = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    model: 'claude-x',
    content: [],
    usage: { input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 1 },
  },
};

describe('Anthropic stream decoder', () => {
  it('reports a stream that ends without message_stop as an error', () => {
    const { events, ending } = decode([
      START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ]);
    expect(events.map((event) => event.type)).toEqual(['response-start', 'text-start']);
    expect(ending).toEqual([
      {
        type: 'response-error',
        error: { kind: 'api_error', status: 502, message: expect.stringContaining('message_stop') },
      },
    ]);
  });

  it('turns an error event into response-error and ignores what follows', () => {
    const { events, ending } = decode([
      START,
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      { type: 'message_stop' },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'response-error',
      error: { kind: 'overloaded', status: 529, message: 'Overloaded' },
    });
    expect(events.some((event) => event.type === 'response-finish')).toBe(false);
    expect(ending).toEqual([]);
  });

  it('merges usage reports: message_delta totals overwrite, cache counts from message_start stay', () => {
    const { events } = decode([
      START,
      {
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens', stop_sequence: null },
        usage: { input_tokens: 7, output_tokens: 40, output_tokens_details: { thinking_tokens: 12 } },
      },
      { type: 'message_stop' },
    ]);
    expect(events[0]).toMatchObject({
      type: 'response-start',
      id: 'msg_1',
      usage: { inputTokens: 105, cacheReadTokens: 100, outputTokens: 1 },
    });
    expect(events.at(-1)).toEqual({
      type: 'response-finish',
      stopReason: 'max_tokens',
      rawStopReason: 'max_tokens',
      usage: {
        inputTokens: 107,
        outputTokens: 40,
        cacheReadTokens: 100,
        cacheWriteTokens: 0,
        reasoningTokens: 12,
      },
    });
  });

  it('gives a tool with no streamed input valid empty-object arguments', () => {
    const { events } = decode([
      START,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'now', input: {} },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ]);
    expect(events.filter((event) => event.type.startsWith('tool-input'))).toEqual([
      { type: 'tool-input-start', id: 'b0', toolCallId: 'toolu_1', name: 'now', kind: 'function' },
      { type: 'tool-input-delta', id: 'b0', delta: '{}' },
      { type: 'tool-input-end', id: 'b0' },
    ]);
  });
});

describe('Anthropic errors', () => {
  it('encodes every kind in Anthropic shape', () => {
    expect(anthropicCodec.encodeError({ kind: 'rate_limit', status: 429, message: 'slow down' })).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
    });
    expect(anthropicCodec.encodeError({ kind: 'request_too_large', status: 413, message: 'big' })).toEqual({
      type: 'error',
      error: { type: 'request_too_large', message: 'big' },
    });
    expect(anthropicCodec.encodeError({ kind: 'timeout', status: 504, message: 't' })).toMatchObject({
      error: { type: 'timeout_error' },
    });
  });

  it('decodes upstream errors keeping the message, by type first and status second', () => {
    const body = {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_1',
    };
    expect(anthropicCodec.decodeError({ status: 529, body, retryAfter: 3 })).toEqual({
      kind: 'overloaded',
      status: 529,
      message: 'Overloaded',
      retryAfter: 3,
    });
    expect(
      anthropicCodec.decodeError({
        status: 401,
        body: JSON.stringify({
          type: 'error',
          error: { type: 'authentication_error', message: 'invalid x-api-key' },
        }),
      }),
    ).toEqual({
      kind: 'authentication',
      status: 401,
      message: 'invalid x-api-key',
    });
    expect(anthropicCodec.decodeError({ status: 502, body: '<html>Bad gateway</html>' })).toEqual({
      kind: 'api_error',
      status: 502,
      message: '<html>Bad gateway</html>',
    });
    expect(anthropicCodec.decodeError({ status: 429, body: undefined })).toMatchObject({
      kind: 'rate_limit',
      message: expect.stringContaining('429'),
    });
  });
});
