import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../main/core/protocols/canonical';
import { anthropicCodec } from '../../../main/core/protocols/anthropic';
import { clientContext, parseFrames, parseWithSdk } from './replay-anthropic-sse';

const USAGE = {
  inputTokens: 120,
  outputTokens: 30,
  cacheReadTokens: 100,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
};

function encoder() {
  return anthropicCodec.createStreamEncoder({ client: clientContext('claude-client-model') });
}

describe('Anthropic stream encoder', () => {
  it('keeps interleaved parallel tool calls contiguous without losing a byte', async () => {
    const enc = encoder();
    const chunks: string[] = [];
    const push = (event: StreamEvent) => chunks.push(enc.push(event));
    push({ type: 'response-start', id: 'chatcmpl-9', model: 'gpt-x' });
    push({ type: 'tool-input-start', id: 't0', toolCallId: 'call_a', name: 'read', kind: 'function' });
    push({ type: 'tool-input-start', id: 't1', toolCallId: 'call_b', name: 'grep', kind: 'function' });
    push({ type: 'tool-input-delta', id: 't0', delta: '{"path":' });
    const firstDelta = chunks.at(-1) ?? '';
    push({ type: 'tool-input-delta', id: 't1', delta: '{"pattern":"a\\"b' });
    const heldBack = chunks.at(-1);
    push({ type: 'tool-input-delta', id: 't0', delta: '"/x"}' });
    push({ type: 'tool-input-delta', id: 't1', delta: '"}' });
    push({ type: 'tool-input-end', id: 't0' });
    push({ type: 'tool-input-end', id: 't1' });
    push({ type: 'response-finish', stopReason: 'tool_use', rawStopReason: 'tool_calls', usage: USAGE });
    chunks.push(enc.end());
    const sse = chunks.join('');

    // The first block streams live; the second is held until the first stops.
    expect(firstDelta).toContain('input_json_delta');
    expect(heldBack).toBe('');
    const frames = parseFrames(sse).map((frame) => `${frame.event}:${String(frame.data.index ?? '')}`);
    expect(frames).toEqual([
      'message_start:',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'message_delta:',
      'message_stop:',
    ]);
    const message = await parseWithSdk(sse);
    expect(message.id).toBe('msg_local_1');
    expect(message.model).toBe('claude-client-model');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'read', input: { path: '/x' } },
      { type: 'tool_use', id: 'call_b', name: 'grep', input: { pattern: 'a"b' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: 20,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 0,
      output_tokens: 30,
    });
    expect(enc.warnings).toEqual([]);
  });

  it('streams thinking with a foreign signature wrapped, then text, then a freeform tool', async () => {
    const enc = encoder();
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r1', model: 'gemini-x', usage: { inputTokens: 10 } },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Let me think.' },
      { type: 'reasoning-end', id: 'r', signature: { origin: 'gemini', value: 'c2ln' } },
      { type: 'text-start', id: 'x' },
      { type: 'text-delta', id: 'x', delta: 'Patching.' },
      { type: 'text-end', id: 'x' },
      { type: 'tool-input-start', id: 'c', toolCallId: 'call_p', name: 'apply_patch', kind: 'custom' },
      { type: 'tool-input-delta', id: 'c', delta: '*** Begin Patch\n"quoted"' },
      { type: 'tool-input-delta', id: 'c', delta: '\n*** End Patch' },
      { type: 'tool-input-end', id: 'c' },
      {
        type: 'response-finish',
        stopReason: 'end_turn',
        usage: { ...USAGE, inputTokens: 10, cacheReadTokens: 0 },
      },
    ];
    const sse = events.map((event) => enc.push(event)).join('') + enc.end();
    const message = await parseWithSdk(sse);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'ais1.gemini.c2ln' },
      { type: 'text', text: 'Patching.' },
      {
        type: 'tool_use',
        id: 'call_p',
        name: 'apply_patch',
        input: { input: '*** Begin Patch\n"quoted"\n*** End Patch' },
      },
    ]);
    // end_turn after a tool call: Claude Code only runs tools on tool_use.
    expect(message.stop_reason).toBe('tool_use');
    const starts = parseFrames(sse).filter((frame) => frame.event === 'content_block_start');
    expect(starts[0]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(starts[2]?.data.content_block).toEqual({
      type: 'tool_use',
      id: 'call_p',
      name: 'apply_patch',
      input: {},
    });
  });

  it('emits whole blocks from part-add, including Anthropic server tools and opaque blocks', async () => {
    const enc = encoder();
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'msg_up', model: 'claude' },
      {
        type: 'part-add',
        id: 'p0',
        part: {
          type: 'server-tool-call',
          id: 'srvtoolu_1',
          name: 'web_search',
          input: { query: 'q' },
          protocol: 'anthropic',
        },
      },
      {
        type: 'part-add',
        id: 'p1',
        part: {
          type: 'server-tool-result',
          toolCallId: 'srvtoolu_1',
          name: 'web_search_tool_result',
          value: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          protocol: 'anthropic',
        },
      },
      {
        type: 'part-add',
        id: 'p2',
        part: { type: 'opaque', protocol: 'anthropic', value: { type: 'compaction', content: 'summary' } },
      },
      { type: 'part-add', id: 'p3', part: { type: 'reasoning', text: '', redactedData: 'ZW5j' } },
      {
        type: 'part-add',
        id: 'p4',
        part: { type: 'opaque', protocol: 'openai-responses', value: { type: 'compaction_item' } },
      },
      { type: 'response-finish', stopReason: 'end_turn', usage: USAGE },
    ];
    const sse = events.map((event) => enc.push(event)).join('') + enc.end();
    const message = await parseWithSdk(sse);
    expect(message.id).toBe('msg_up');
    expect(message.content).toEqual([
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
      { type: 'compaction', content: 'summary' },
      { type: 'redacted_thinking', data: 'ZW5j' },
    ]);
    expect(enc.warnings.map((warning) => warning.code)).toEqual(['opaque-block-dropped']);
  });

  it('holds a text block that starts while reasoning is open, and flushes it when reasoning ends', async () => {
    const enc = encoder();
    let sse = enc.push({ type: 'response-start', id: 'x', model: 'm' });
    sse += enc.push({ type: 'reasoning-start', id: 'r' });
    sse += enc.push({ type: 'text-start', id: 't' });
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'answer' })).toBe('');
    sse += enc.push({ type: 'reasoning-delta', id: 'r', delta: 'thought' });
    const flushed = enc.push({ type: 'reasoning-end', id: 'r' });
    expect(flushed).toContain('"text":"answer"');
    sse += flushed;
    sse += enc.push({ type: 'text-end', id: 't' });
    sse += enc.push({ type: 'response-finish', stopReason: 'end_turn', usage: USAGE });
    const message = await parseWithSdk(sse + enc.end());
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'thought', signature: '' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('closes open blocks and ends with an error event when no finish came', async () => {
    const enc = encoder();
    let sse = enc.push({ type: 'response-start', id: 'x', model: 'm' });
    sse += enc.push({ type: 'text-start', id: 't' });
    sse += enc.push({ type: 'text-delta', id: 't', delta: 'partial' });
    sse += enc.push({ type: 'tool-input-start', id: 'c', toolCallId: 'call_1', name: 'f', kind: 'function' });
    sse += enc.push({ type: 'tool-input-delta', id: 'c', delta: '{"a":1}' });
    const ending = enc.end();
    expect(enc.end()).toBe('');
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'late' })).toBe('');
    const frames = parseFrames(sse + ending);
    expect(frames.map((frame) => frame.event).slice(-5)).toEqual([
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'error',
    ]);
    expect(frames.at(-1)?.data).toEqual({
      type: 'error',
      error: { type: 'api_error', message: expect.stringContaining('without finishing') },
    });
    expect(frames.filter((frame) => frame.event === 'content_block_stop')).toHaveLength(2);
    await expect(parseWithSdk(sse + ending)).rejects.toThrow(/without finishing/);
  });

  it('turns a mid-stream error into an Anthropic error event and then stays silent', async () => {
    const enc = encoder();
    let sse = enc.push({ type: 'response-start', id: 'x', model: 'm' });
    sse += enc.push({ type: 'text-start', id: 't' });
    sse += enc.push({ type: 'text-delta', id: 't', delta: 'Hel' });
    const error = enc.push({
      type: 'response-error',
      error: { kind: 'overloaded', status: 529, message: 'Overloaded upstream' },
    });
    expect(parseFrames(error)).toEqual([
      {
        event: 'error',
        data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded upstream' } },
      },
    ]);
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'lo' })).toBe('');
    expect(enc.push({ type: 'response-finish', stopReason: 'end_turn', usage: USAGE })).toBe('');
    expect(enc.end()).toBe('');
    await expect(parseWithSdk(sse + error)).rejects.toMatchObject({
      error: { error: { type: 'overloaded_error' } },
    });
  });

  it('starts the message itself when the first event is not response-start, and closes blocks left open at finish', async () => {
    const enc = encoder();
    let sse = enc.push({ type: 'text-start', id: 't' });
    sse += enc.push({ type: 'text-delta', id: 't', delta: 'hi' });
    sse += enc.push({ type: 'response-finish', stopReason: 'max_tokens', usage: USAGE });
    sse += enc.end();
    expect(parseFrames(sse)[0]?.event).toBe('message_start');
    const message = await parseWithSdk(sse);
    expect(message.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(enc.warnings.map((warning) => warning.code)).toEqual(['block-closed-at-end']);
  });
});
