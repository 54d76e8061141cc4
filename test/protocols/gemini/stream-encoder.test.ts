import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../main/core/protocols/canonical/types';
import { geminiCodec } from '../../../main/core/protocols/gemini';
import { startCannedServer, streamThroughSdk, summarize, type CannedServer } from './genai-harness';

const usage = {
  inputTokens: 120,
  outputTokens: 40,
  cacheReadTokens: 100,
  cacheWriteTokens: 0,
  reasoningTokens: 15,
};

/** An Anthropic-shaped stream: thinking with a signature, text, a tool call whose input arrives in pieces. */
const events: StreamEvent[] = [
  { type: 'response-start', id: 'msg_01', model: 'claude-sonnet' },
  { type: 'reasoning-start', id: 'b0' },
  { type: 'reasoning-delta', id: 'b0', delta: 'Let me ' },
  { type: 'reasoning-delta', id: 'b0', delta: 'look.' },
  { type: 'reasoning-end', id: 'b0', signature: { origin: 'anthropic', value: 'sig-thinking' } },
  { type: 'text-start', id: 'b1' },
  { type: 'text-delta', id: 'b1', delta: 'Reading ' },
  { type: 'text-delta', id: 'b1', delta: 'the file.' },
  { type: 'text-end', id: 'b1' },
  { type: 'tool-input-start', id: 'b2', toolCallId: 'toolu_9', name: 'Read', kind: 'function' },
  { type: 'tool-input-delta', id: 'b2', delta: '{"file_' },
  { type: 'tool-input-delta', id: 'b2', delta: 'path":"/tmp/a"}' },
  { type: 'tool-input-end', id: 'b2' },
  { type: 'usage-update', usage: { inputTokens: 120 } },
  { type: 'response-finish', stopReason: 'tool_use', usage },
];

function encode(list: StreamEvent[], framing?: 'sse' | 'json-array'): string {
  const encoder = geminiCodec.createStreamEncoder({
    client: {
      requestModel: 'gemini-2.5-pro',
      responseId: 'fallback',
      ...(framing ? { geminiFraming: framing } : {}),
    },
  });
  return list.map((event) => encoder.push(event)).join('') + encoder.end();
}

describe('Gemini stream encoder judged by @google/genai', () => {
  let server: CannedServer;
  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('streams another protocol’s reasoning, text and tool call', async () => {
    const responses = await streamThroughSdk(server, encode(events));
    expect(summarize(responses)).toEqual({
      text: 'Reading the file.',
      thoughts: 'Let me look.',
      functionCalls: [{ name: 'Read', args: { file_path: '/tmp/a' } }],
      signatures: ['ais1.anthropic.sig-thinking'],
      finishReason: 'STOP',
      usage: { prompt: 120, candidates: 25, thoughts: 15, cached: 100, total: 160 },
    });
    expect(
      responses.every(
        (response) => response.responseId === 'msg_01' && response.modelVersion === 'gemini-2.5-pro',
      ),
    ).toBe(true);
    expect(responses.flatMap((response) => response.functionCalls ?? [])[0]?.id).toBe('toolu_9');
  });

  it('writes SSE frames with CRLF and a JSON array without alt=sse', () => {
    const sse = encode(events);
    expect(sse.startsWith('data: {')).toBe(true);
    expect(sse.endsWith('\r\n\r\n')).toBe(true);
    const array = JSON.parse(encode(events, 'json-array')) as { candidates: { finishReason?: string }[] }[];
    expect(array.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
    expect(JSON.parse(encode([], 'json-array'))).toEqual([
      {
        error: {
          code: 502,
          message: 'The upstream stream ended before the response finished.',
          status: 'INTERNAL',
        },
      },
    ]);
  });

  it('never hangs: no finish → error frame, and nothing after close', () => {
    const encoder = geminiCodec.createStreamEncoder({ client: { requestModel: 'm', responseId: 'r' } });
    encoder.push(events[0] as StreamEvent);
    encoder.push({ type: 'text-delta', id: 'b1', delta: 'partial' });
    const tail = encoder.end();
    expect(tail).toContain('"status":"INTERNAL"');
    expect(encoder.end()).toBe('');
    expect(encoder.push({ type: 'text-delta', id: 'b1', delta: 'late' })).toBe('');
  });
});

describe('Gemini stream decoder details', () => {
  const target = { providerId: 'google', baseUrl: '', model: 'gemini-3-pro-preview' };
  const decode = (chunks: unknown[]): StreamEvent[] => {
    const decoder = geminiCodec.createStreamDecoder({ target });
    return [...chunks.flatMap((chunk) => decoder.push({ data: JSON.stringify(chunk) })), ...decoder.end()];
  };
  const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
    candidates: [{ content: { role: 'model', parts }, ...extra }],
    responseId: 'r1',
    modelVersion: 'gemini-3-pro-preview',
  });

  it('merges thought chunks into one block closed by its signature, then continues text', () => {
    const got = decode([
      chunk([{ text: 'think ', thought: true }]),
      chunk([
        { text: 'more', thought: true },
        { text: '', thought: true, thoughtSignature: 'sig-1' },
      ]),
      chunk([{ text: 'Hello', thoughtSignature: 'sig-2' }]),
      chunk([{ text: ' again' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }], {
        finishReason: 'STOP',
      }),
    ]);
    expect(got.map((event) => event.type)).toEqual([
      'response-start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'reasoning-start',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'part-add',
      'response-finish',
    ]);
    expect(got[4]).toMatchObject({ type: 'reasoning-end', signature: { origin: 'gemini', value: 'sig-1' } });
    expect(got[9]).toMatchObject({ type: 'reasoning-end', signature: { origin: 'gemini', value: 'sig-2' } });
    expect(got[13]).toMatchObject({
      type: 'part-add',
      part: { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
    });
  });

  it('reports a stream that never finishes', () => {
    const got = decode([chunk([{ text: 'cut' }])]);
    expect(got.at(-1)).toEqual({
      type: 'response-error',
      error: { kind: 'api_error', status: 502, message: 'The Gemini stream ended without a finishReason.' },
    });
  });

  it('maps a prompt blocked mid-stream to content_filter', () => {
    const got = decode([
      { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 }, responseId: 'r' },
    ]);
    expect(got.at(-1)).toMatchObject({
      type: 'response-finish',
      stopReason: 'content_filter',
      rawStopReason: 'SAFETY',
      usage: { inputTokens: 4 },
    });
  });
});
