import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../main/core/protocols/canonical';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';
import { loadClientCaptures } from '../../helpers/fixtures';

const decode = (body: unknown) => openaiChatCodec.decodeRequest({ body });

function expectInvalid(body: unknown, message: RegExp): void {
  try {
    decode(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).error.kind).toBe('invalid_request');
    expect((error as ProtocolError).error.status).toBe(400);
    expect((error as ProtocolError).message).toMatch(message);
    return;
  }
  throw new Error('expected decodeRequest to throw');
}

describe('decodeRequest (a Chat client request → canonical)', () => {
  it('rejects n > 1, non-array messages, bad roles and tool messages without an id', () => {
    expectInvalid({ model: 'm', messages: [{ role: 'user', content: 'hi' }], n: 2 }, /n=2 is not supported/);
    expectInvalid({ model: 'm', messages: 'hi' }, /messages must be an array/);
    expectInvalid({ model: 'm', messages: [{ role: 'robot', content: 'hi' }] }, /messages\[0\]\.role/);
    expectInvalid({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, /messages\[0\]\.tool_call_id/);
    expectInvalid({ messages: [] }, /model is required/);
    expect(decode({ model: 'm', messages: [], n: 1 }).value.messages).toEqual([]);
  });

  it('splits leading system/developer messages from later ones', () => {
    const { value } = decode({
      model: 'gpt-5',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'Use tools.' }] },
        { role: 'user', content: 'hi' },
        { role: 'developer', content: 'Now be verbose.' },
      ],
    });
    expect(value.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use tools.' },
    ]);
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', developer: true, content: [{ type: 'text', text: 'Now be verbose.' }] },
    ]);
  });

  it('decodes assistant reasoning, refusal and tool calls, and groups tool messages in order', () => {
    const { value } = decode({
      model: 'deepseek-chat',
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'I should call both.',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '12:00' }] },
        { role: 'user', content: 'thanks' },
        { role: 'assistant', content: '', refusal: 'I cannot help with that.' },
      ],
    });
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should call both.' },
          {
            type: 'tool-call',
            id: 'call_a',
            name: 'weather',
            arguments: '{"city":"Paris"}',
            kind: 'function',
          },
          { type: 'tool-call', id: 'call_b', name: 'time', arguments: '{}', kind: 'function' },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_a',
            toolName: 'weather',
            kind: 'function',
            content: [{ type: 'text', text: 'sunny' }],
          },
          {
            type: 'tool-result',
            toolCallId: 'call_b',
            toolName: 'time',
            kind: 'function',
            content: [{ type: 'text', text: '12:00' }],
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'I cannot help with that.' }] },
    ]);
  });

  it('pairs legacy function_call with the function message answering it', () => {
    const { value } = decode({
      model: 'm',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
      functions: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'number' } } } }],
      function_call: { name: 'lookup' },
    });
    const call = value.messages[1]?.content[0];
    const result = value.messages[2]?.content[0];
    expect(call).toMatchObject({ type: 'tool-call', name: 'lookup' });
    expect(result).toMatchObject({
      type: 'tool-result',
      toolName: 'lookup',
      content: [{ type: 'text', text: 'found' }],
    });
    expect(
      call?.type === 'tool-call' && result?.type === 'tool-result' && call.id === result.toolCallId,
    ).toBe(true);
    expect(value.tools).toEqual([
      {
        type: 'function',
        name: 'lookup',
        inputSchema: { type: 'object', properties: { q: { type: 'number' } } },
      },
    ]);
    expect(value.toolChoice).toEqual({ type: 'tool', name: 'lookup' });
  });

  it('decodes images (data URL and http, with detail), files and audio', () => {
    const { value, warnings } = decode({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
            { type: 'file', file: { file_id: 'file-123' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          ],
        },
      ],
    });
    expect(value.messages[0]?.content).toEqual([
      { type: 'text', text: 'look' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        filename: 'a.pdf',
      },
      { type: 'file', source: { kind: 'file-id', fileId: 'file-123' } },
      {
        type: 'opaque',
        protocol: 'openai-chat',
        value: { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
      },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['audio-input-opaque']);
  });

  it('decodes tools, tool_choice and every modelled parameter; unmodelled fields go to extra', () => {
    const { value } = decode({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            description: 'd',
            parameters: { type: 'object', properties: {} },
            strict: true,
          },
        },
        {
          type: 'custom',
          custom: {
            name: 'apply_patch',
            description: 'patch',
            format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: "x"' } },
          },
        },
      ],
      web_search_options: { search_context_size: 'low' },
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      max_completion_tokens: 500,
      stop: 'END',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
      reasoning_effort: 'low',
      user: 'user-1',
      temperature: 0,
      top_p: 0.5,
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      verbosity: 'low',
      prompt_cache_key: 'pck',
      service_tier: 'flex',
      metadata: { team: 'a' },
      store: false,
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
    });
    expect(value.tools).toEqual([
      {
        type: 'function',
        name: 'f',
        description: 'd',
        inputSchema: { type: 'object', properties: {} },
        strict: true,
      },
      {
        type: 'custom',
        name: 'apply_patch',
        description: 'patch',
        format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: "x"' } },
      },
      { type: 'builtin', name: 'web_search', protocol: 'openai-chat', value: { search_context_size: 'low' } },
    ]);
    expect(value).toMatchObject({
      toolChoice: { type: 'tool', name: 'f' },
      parallelToolCalls: false,
      maxOutputTokens: 500,
      stopSequences: ['END'],
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object' }, strict: true },
      reasoning: { enabled: true, effort: 'low' },
      metadata: { team: 'a', userId: 'user-1' },
      temperature: 0,
      topP: 0.5,
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      verbosity: 'low',
      promptCacheKey: 'pck',
      serviceTier: 'flex',
      store: false,
      stream: true,
      extra: { protocol: 'openai-chat', fields: { stream_options: { include_usage: true }, logprobs: true } },
    });
    expect(decode({ model: 'm', messages: [], reasoning_effort: 'none' }).value.reasoning).toEqual({
      enabled: false,
      effort: 'none',
    });
    expect(decode({ model: 'm', messages: [], max_tokens: 9 }).value.maxOutputTokens).toBe(9);
  });

  it('decodes every openai SDK Chat capture', () => {
    const captures = loadClientCaptures(/^sdk-openai-chat-/);
    expect(captures.length).toBe(4);
    for (const capture of captures) {
      const { value } = decode(capture.body);
      expect(value.model).toBe('gpt-5-mini');
      expect(value.messages.length).toBeGreaterThan(0);
    }
  });
});
