import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../main/core/protocols/canonical/types';
import { openaiResponsesCodec } from '../../../main/core/protocols/openai-responses/index';
import { CLIENT, TARGET, encodeStream, parseSseText, sdkStreamFinal } from './replay-responses-stream';

const usage = {
  inputTokens: 120,
  outputTokens: 40,
  cacheReadTokens: 100,
  cacheWriteTokens: 0,
  reasoningTokens: 12,
};

function payloads(sse: string): Record<string, unknown>[] {
  return parseSseText(sse).map((frame) => JSON.parse(frame.data) as Record<string, unknown>);
}

describe('Responses stream encoder', () => {
  it('keeps interleaved tool calls contiguous and complete', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'msg_01abc', model: 'claude-x' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Thinking about it' },
      { type: 'reasoning-end', id: 'r', signature: { origin: 'anthropic', value: 'sig-123' } },
      { type: 'tool-input-start', id: 'a', toolCallId: 'call_a', name: 'read', kind: 'function' },
      { type: 'tool-input-start', id: 'b', toolCallId: 'call_b', name: 'exec', kind: 'custom' },
      { type: 'tool-input-delta', id: 'a', delta: '{"path":' },
      { type: 'tool-input-delta', id: 'b', delta: 'ls ' },
      { type: 'tool-input-delta', id: 'a', delta: '"/tmp"}' },
      { type: 'tool-input-delta', id: 'b', delta: '-la' },
      { type: 'tool-input-end', id: 'b' },
      { type: 'tool-input-end', id: 'a' },
      { type: 'response-finish', stopReason: 'tool_use', usage },
    ];
    const sse = encodeStream(events);
    const response = await sdkStreamFinal(sse);
    expect(response.status).toBe('completed');
    expect(response.model).toBe(CLIENT.requestModel);
    expect(response.output.map((item) => item.type)).toEqual([
      'reasoning',
      'function_call',
      'custom_tool_call',
    ]);
    expect(response.output[1]).toMatchObject({
      call_id: 'call_a',
      name: 'read',
      arguments: '{"path":"/tmp"}',
    });
    expect(response.output[2]).toMatchObject({ call_id: 'call_b', name: 'exec', input: 'ls -la' });
    // A foreign signature is wrapped so the client replays it to us, never to OpenAI as its own.
    expect(response.output[0]).toMatchObject({
      summary: [{ type: 'summary_text', text: 'Thinking about it' }],
      encrypted_content: 'ais1.anthropic.sig-123',
    });
    expect(response.usage).toMatchObject({
      input_tokens: 120,
      output_tokens: 40,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 160,
    });
    const wire = payloads(sse);
    wire.forEach((payload, index) => expect(payload.sequence_number).toBe(index));
    const argumentDeltas = wire.filter(
      (payload) => payload.type === 'response.function_call_arguments.delta',
    );
    expect(argumentDeltas.map((payload) => payload.output_index)).toEqual([1, 1]);
  });

  it('merges consecutive text blocks into one message and reports max_tokens as incomplete', async () => {
    const sse = encodeStream([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Hello ' },
      { type: 'text-end', id: 't1' },
      { type: 'part-add', id: 't2', part: { type: 'text', text: 'world' } },
      { type: 'response-finish', stopReason: 'max_tokens', usage },
    ]);
    const response = await sdkStreamFinal(sse);
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output).toHaveLength(1);
    expect(response.output_text).toBe('Hello world');
    expect(payloads(sse).at(-1)?.type).toBe('response.incomplete');
  });

  it('turns response-error into error + response.failed, which the SDK surfaces', async () => {
    const sse = encodeStream([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'partial' },
      { type: 'response-error', error: { kind: 'rate_limit', status: 429, message: 'Slow down' } },
    ]);
    const wire = payloads(sse);
    expect(wire.slice(-2).map((payload) => payload.type)).toEqual(['error', 'response.failed']);
    expect((wire.at(-1)?.response as { error: unknown }).error).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Slow down',
    });
    await expect(sdkStreamFinal(sse)).rejects.toThrow('Slow down');
  });

  it('fails, never hangs, when the canonical stream stops without a finish; end() is idempotent', () => {
    const encoder = openaiResponsesCodec.createStreamEncoder({ client: CLIENT });
    const first =
      encoder.push({ type: 'text-start', id: 't' }) +
      encoder.push({ type: 'text-delta', id: 't', delta: 'x' });
    const closing = encoder.end();
    expect(payloads(first)[0]?.type).toBe('response.created');
    expect(payloads(closing).at(-1)?.type).toBe('response.failed');
    expect(encoder.end()).toBe('');
    expect(encoder.push({ type: 'text-delta', id: 't', delta: 'late' })).toBe('');
  });

  it('closes blocks left open at finish', async () => {
    const response = await sdkStreamFinal(
      encodeStream([
        { type: 'tool-input-start', id: 'a', toolCallId: 'call_a', name: 'f', kind: 'function' },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'queued text' },
        { type: 'tool-input-delta', id: 'a', delta: '{}' },
        { type: 'response-finish', stopReason: 'tool_use', usage },
      ]),
    );
    expect(response.output.map((item) => item.type)).toEqual(['function_call', 'message']);
    expect(response.output_text).toBe('queued text');
  });
});

describe('Responses stream decoder', () => {
  it('ends a stream without response.completed with a response-error', () => {
    const decoder = openaiResponsesCodec.createStreamDecoder({ target: TARGET });
    decoder.push({
      event: 'response.created',
      data: JSON.stringify({ type: 'response.created', response: { id: 'resp_1', model: 'm' } }),
    });
    const ending = decoder.end();
    expect(ending).toHaveLength(1);
    expect(ending[0]?.type).toBe('response-error');
    expect(decoder.end()).toEqual([]);
  });

  it('maps incomplete max_output_tokens to max_tokens and keeps usage details', () => {
    const decoder = openaiResponsesCodec.createStreamDecoder({ target: TARGET });
    const response = {
      id: 'resp_1',
      model: 'm',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [],
      usage: {
        input_tokens: 50,
        input_tokens_details: { cached_tokens: 20 },
        output_tokens: 9,
        output_tokens_details: { reasoning_tokens: 4 },
      },
    };
    const events = decoder.push({ data: JSON.stringify({ type: 'response.incomplete', response }) });
    expect(events.at(-1)).toEqual({
      type: 'response-finish',
      stopReason: 'max_tokens',
      rawStopReason: 'max_output_tokens',
      usage: {
        inputTokens: 50,
        outputTokens: 9,
        cacheReadTokens: 20,
        cacheWriteTokens: 0,
        reasoningTokens: 4,
      },
    });
  });
});
