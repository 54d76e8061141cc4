import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anthropicCodec } from '../../../main/core/protocols/anthropic';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';
import { TARGET, clientContext } from './replay-anthropic-sse';

type Json = Record<string, unknown>;

/*
 * Allowed normalisation: `caller` on tool_use / server_tool_use blocks
 * (programmatic tool calling) has no canonical slot and is dropped with a
 * warning; an absent `stop_sequence` comes back as null. Everything else — every block, usage with its details, stop
 * reason, context_management, container, stop_details — must come back.
 */
function normalised(message: Json): Json {
  const content = (message.content as Json[]).map((block) => {
    if (block.type !== 'tool_use' && block.type !== 'server_tool_use') return block;
    const { caller: _caller, ...rest } = block;
    return rest;
  });
  return { ...message, stop_sequence: message.stop_sequence ?? null, content };
}

const files = listUpstreamFixtures('anthropic', /\.json$/);

describe('Anthropic response round trip (recorded upstream JSON)', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(19));

  for (const file of files) {
    it(`${path.basename(file)}: decode → encode keeps blocks and usage`, () => {
      const original = readJson(file) as Json;
      const decoded = anthropicCodec.decodeResponse({ body: original, target: TARGET });
      const encoded = anthropicCodec.encodeResponse({
        response: decoded.value,
        client: clientContext(String(original.model)),
      });
      expect(encoded.warnings).toEqual([]);
      const hadCaller = (original.content as Json[]).some((block) => block.caller !== undefined);
      expect(decoded.warnings.length > 0).toBe(hadCaller);
      expect(encoded.value).toEqual(normalised(original));
    });
  }

  it('adds cache reads and writes into canonical input tokens and takes them out again', () => {
    const body = {
      id: 'msg_cache',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
      },
    };
    const { value } = anthropicCodec.decodeResponse({ body, target: TARGET });
    expect(value.usage).toEqual({
      inputTokens: 130,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 20,
      reasoningTokens: 0,
    });
    const encoded = anthropicCodec.encodeResponse({ response: value, client: clientContext('claude-x') })
      .value as Json;
    expect(encoded.usage).toEqual(body.usage);
  });

  it('maps stop reasons and keeps the raw one', () => {
    const decode = (stop_reason: string) =>
      anthropicCodec.decodeResponse({
        body: { id: 'msg_1', model: 'm', content: [], stop_reason, usage: {} },
        target: TARGET,
      }).value;
    expect(decode('model_context_window_exceeded')).toMatchObject({
      stopReason: 'max_tokens',
      rawStopReason: 'model_context_window_exceeded',
    });
    expect(decode('pause_turn').stopReason).toBe('pause_turn');
    expect(decode('something_new')).toMatchObject({ stopReason: 'other', rawStopReason: 'something_new' });
    const encoded = anthropicCodec.encodeResponse({
      response: decode('model_context_window_exceeded'),
      client: clientContext('m'),
    }).value as Json;
    expect(encoded.stop_reason).toBe('model_context_window_exceeded');
  });

  it('encodes a response from another protocol for an Anthropic client', () => {
    const { value, warnings } = anthropicCodec.encodeResponse({
      response: {
        id: 'chatcmpl-1',
        model: 'gpt-x',
        content: [
          { type: 'reasoning', text: 'hmm', encrypted: { origin: 'openai-responses', value: 'enc' } },
          { type: 'text', text: 'Calling.' },
          { type: 'tool-call', id: 'call_1', name: 'read', arguments: '{"path":"/a"}', kind: 'function' },
          { type: 'tool-call', id: 'call_2', name: 'patch', arguments: '*** Begin', kind: 'custom' },
        ],
        stopReason: 'end_turn',
        rawStopReason: 'stop',
        usage: {
          inputTokens: 50,
          outputTokens: 7,
          cacheReadTokens: 40,
          cacheWriteTokens: 0,
          reasoningTokens: 3,
        },
      },
      client: { requestModel: 'claude-sonnet-4-5', responseId: 'abc' },
    });
    expect(warnings).toEqual([]);
    expect(value).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'ais1.openai-responses.enc' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool_use', id: 'call_1', name: 'read', input: { path: '/a' } },
        { type: 'tool_use', id: 'call_2', name: 'patch', input: { input: '*** Begin' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 7,
        cache_read_input_tokens: 40,
        cache_creation_input_tokens: 0,
        output_tokens_details: { thinking_tokens: 3 },
      },
    });
  });
});
