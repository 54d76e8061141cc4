import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../../main/core/protocols/canonical';
import { anthropicCodec, unwrapCustomToolInput } from '../../../main/core/protocols/anthropic';
import { TARGET } from './replay-anthropic-sse';

type Json = Record<string, unknown>;

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return {
    model: 'gpt-x',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [],
    stream: true,
    ...overrides,
  };
}

function encode(overrides: Partial<CanonicalRequest>, model = 'claude-sonnet-4-5') {
  const { value, warnings } = anthropicCodec.encodeRequest({
    request: request(overrides),
    target: { ...TARGET, model },
  });
  return { body: value as Json, codes: warnings.map((warning) => warning.code) };
}

describe('Anthropic request encoder (requests from other protocols)', () => {
  it('defaults max_tokens by model and keeps the thinking budget below it', () => {
    expect(encode({}).body.max_tokens).toBe(32000);
    expect(encode({}, 'claude-3-5-haiku-20241022').body.max_tokens).toBe(8192);
    expect(encode({}, 'claude-3-haiku-20240307').body.max_tokens).toBe(4096);
    expect(encode({}, 'glm-4.6').body.max_tokens).toBe(8192);

    const effortOnly = encode({ reasoning: { enabled: true, effort: 'high' } }, 'glm-4.6');
    expect(effortOnly.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(effortOnly.body.max_tokens).toBe(16384 + 4096);
    expect(effortOnly.body.output_config).toBeUndefined();

    const capped = encode({ reasoning: { enabled: true, budgetTokens: 8000 }, maxOutputTokens: 4000 });
    expect(capped.body).toMatchObject({
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 3999 },
    });
    expect(capped.codes).toContain('thinking-budget-lowered');

    const tooSmall = encode({ reasoning: { enabled: true, effort: 'low' }, maxOutputTokens: 500 });
    expect(tooSmall.body.thinking).toBeUndefined();
    expect(tooSmall.codes).toContain('thinking-dropped');

    expect(encode({ reasoning: { enabled: false } }).body.thinking).toEqual({ type: 'disabled' });
    expect(encode({ reasoning: { enabled: true, adaptive: true, effort: 'minimal' } }).body).toMatchObject({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    });
  });

  it('drops sampling knobs Anthropic refuses next to thinking, with warnings', () => {
    const { body, codes } = encode({
      reasoning: { enabled: true, effort: 'medium' },
      temperature: 0.2,
      topK: 5,
      topP: 0.5,
    });
    expect(body.temperature).toBeUndefined();
    expect(body.top_k).toBeUndefined();
    expect(body.top_p).toBeUndefined();
    expect(codes).toEqual(expect.arrayContaining(['temperature-dropped', 'top-k-dropped', 'top-p-dropped']));
    expect(encode({ temperature: 0 }).body.temperature).toBe(0);
    expect(encode({ temperature: 1.6 }).body.temperature).toBe(1);
    const both = encode({ temperature: 0.3, topP: 0.9 });
    expect(both.body).toMatchObject({ temperature: 0.3 });
    expect(both.body.top_p).toBeUndefined();
  });

  it('sends only Anthropic-signed (or redacted) reasoning back to Anthropic', () => {
    const { body, codes } = encode({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'mine', signature: { origin: 'anthropic', value: 'sigA' } },
            { type: 'reasoning', text: 'theirs', signature: { origin: 'gemini', value: 'sigG' } },
            { type: 'reasoning', text: 'unsigned' },
            { type: 'reasoning', text: '', redactedData: 'REDACTED' },
            { type: 'text', text: 'answer' },
          ],
        },
      ],
    });
    expect((body.messages as Json[])[1]?.content).toEqual([
      { type: 'thinking', thinking: 'mine', signature: 'sigA' },
      { type: 'redacted_thinking', data: 'REDACTED' },
      { type: 'text', text: 'answer' },
    ]);
    expect(codes.filter((code) => code === 'reasoning-dropped')).toHaveLength(2);
  });

  it('turns tool-call arguments into input objects (invalid JSON → {} with a warning; custom → {input})', () => {
    const { body, codes } = encode({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'c1', name: 'read', arguments: '{"path":"/a"}', kind: 'function' },
            { type: 'tool-call', id: 'c2', name: 'noargs', arguments: '', kind: 'function' },
            { type: 'tool-call', id: 'c3', name: 'broken', arguments: '{"path":', kind: 'function' },
            {
              type: 'tool-call',
              id: 'c4',
              name: 'apply_patch',
              arguments: '*** Begin Patch',
              kind: 'custom',
            },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'results follow' },
            { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'file' }] },
            {
              type: 'tool-result',
              toolCallId: 'c2',
              content: [
                { type: 'text', text: 'a' },
                { type: 'image', source: { kind: 'url', url: 'data:image/png;base64,iVBO' } },
              ],
              isError: true,
            },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'c3', content: [] },
            {
              type: 'tool-result',
              toolCallId: 'c4',
              content: [{ type: 'text', text: 'ok' }],
              kind: 'custom',
            },
          ],
        },
      ],
    });
    const messages = body.messages as Json[];
    expect(messages).toHaveLength(3);
    expect((messages[1]?.content as Json[]).map((block) => block.input)).toEqual([
      { path: '/a' },
      {},
      {},
      { input: '*** Begin Patch' },
    ]);
    expect(unwrapCustomToolInput((messages[1]?.content as Json[])[3]?.input)).toBe('*** Begin Patch');
    expect(codes).toEqual(['tool-arguments-invalid-json']);
    // Consecutive user messages merged, tool results first, the text after them.
    expect(messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'c1', content: 'file' },
      {
        type: 'tool_result',
        tool_use_id: 'c2',
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } },
        ],
        is_error: true,
      },
      { type: 'tool_result', tool_use_id: 'c3', content: [] },
      { type: 'tool_result', tool_use_id: 'c4', content: 'ok' },
      { type: 'text', text: 'results follow' },
    ]);
  });

  it('folds system messages from other protocols into the system prompt, with a warning mid-conversation', () => {
    const { body, codes } = encode({
      system: [{ type: 'text', text: 'lead' }],
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'developer rules' }], developer: true },
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'system', content: [{ type: 'text', text: 'late note' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: '' },
            { type: 'text', text: 'q2' },
          ],
        },
      ],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'lead' },
      { type: 'text', text: 'developer rules' },
      { type: 'text', text: 'late note' },
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'q' },
          { type: 'text', text: 'q2' },
        ],
      },
    ]);
    expect(codes).toEqual(['system-message-moved']);
  });

  it('maps tools: functions, freeform tools, web search from Responses; drops what Anthropic lacks', () => {
    const { body, codes } = encode({
      tools: [
        {
          type: 'function',
          name: 'read',
          description: 'Read',
          inputSchema: { type: 'object', properties: { p: { type: 'string' } } },
          strict: true,
        },
        { type: 'function', name: 'ping', inputSchema: {} },
        {
          type: 'custom',
          name: 'apply_patch',
          description: 'Patch files',
          format: { type: 'grammar', syntax: 'lark', definition: 'start: x' },
        },
        {
          type: 'builtin',
          name: 'web_search',
          protocol: 'openai-responses',
          value: { type: 'web_search', user_location: { type: 'approximate', city: 'Paris', country: 'FR' } },
        },
        {
          type: 'builtin',
          name: 'file_search',
          protocol: 'openai-responses',
          value: { type: 'file_search' },
        },
      ],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
    });
    const tools = body.tools as Json[];
    expect(tools[0]).toEqual({
      name: 'read',
      description: 'Read',
      input_schema: { type: 'object', properties: { p: { type: 'string' } } },
    });
    expect(tools[1]).toEqual({ name: 'ping', input_schema: { type: 'object', properties: {} } });
    expect(tools[2]).toMatchObject({
      name: 'apply_patch',
      input_schema: { type: 'object', required: ['input'], properties: { input: { type: 'string' } } },
    });
    expect(JSON.stringify(tools[2])).toContain('start: x');
    expect(tools[3]).toEqual({
      type: 'web_search_20250305',
      name: 'web_search',
      user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
    });
    expect(tools).toHaveLength(4);
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(codes).toEqual(['custom-tool-as-function', 'builtin-tool-dropped']);
    expect(
      encode({ tools: [{ type: 'function', name: 'f', inputSchema: {} }], parallelToolCalls: false }).body
        .tool_choice,
    ).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });

  it('encodes structured output, media, metadata and refuses nothing silently', () => {
    const { body, codes } = encode({
      responseFormat: { type: 'json-schema', name: 'x', schema: { type: 'object', properties: {} } },
      metadata: { userId: 'u1', sessionId: 's1', team: 'a' },
      seed: 7,
      stopSequences: ['END'],
      extra: { protocol: 'openai-chat', fields: { logprobs: true } },
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
              filename: 'a.pdf',
            },
            {
              type: 'file',
              source: {
                kind: 'base64',
                mediaType: 'text/plain',
                data: Buffer.from('plain text').toString('base64'),
              },
            },
            { type: 'file', source: { kind: 'base64', mediaType: 'application/zip', data: 'UEsD' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, detail: 'high' },
          ],
        },
      ],
    });
    expect(body.output_config).toEqual({
      format: { type: 'json_schema', schema: { type: 'object', properties: {} } },
    });
    expect(body.metadata).toEqual({ user_id: 'u1' });
    expect(body.stop_sequences).toEqual(['END']);
    expect(body.logprobs).toBeUndefined();
    expect((body.messages as Json[])[0]?.content).toEqual([
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
        title: 'a.pdf',
      },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain text' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'metadata-dropped',
        'fields-dropped',
        'file-type-unsupported',
        'image-detail-dropped',
      ]),
    );
  });
});

describe('thinking in a tool loop whose turn lost its thinking block', () => {
  const signed = { origin: 'anthropic' as const, value: 'EqQBsigned' };
  const loop = (firstTurnThinking: boolean): Partial<CanonicalRequest> => ({
    reasoning: { enabled: true, budgetTokens: 4096 },
    maxOutputTokens: 20000,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'earlier question' }] },
      {
        role: 'assistant',
        content: [
          ...(firstTurnThinking ? [{ type: 'reasoning' as const, text: 'earlier', signature: signed }] : []),
          { type: 'text', text: 'earlier answer' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'read the marker' }] },
      {
        role: 'assistant',
        // From a Chat provider: reasoning without a signature, which Anthropic can't take.
        content: [
          { type: 'reasoning', text: 'I will read it' },
          { type: 'tool-call', kind: 'function', id: 'toolu_1', name: 'Read', arguments: '{}' },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'A' }] }],
      },
    ],
  });

  it('turns thinking off for the request and drops thinking left in earlier turns', () => {
    const { body, codes } = encode(loop(true));
    expect(body.thinking).toBeUndefined();
    expect(codes).toContain('thinking-off-for-tool-loop');
    const types = (body.messages as { content: { type: string }[] }[]).flatMap((message) =>
      message.content.map((block) => block.type),
    );
    expect(types).not.toContain('thinking');
    expect(types).toContain('tool_use');
  });

  it('leaves thinking on once the loop is closed by a new user turn', () => {
    const closed = loop(false);
    closed.messages = [
      ...closed.messages!,
      { role: 'assistant', content: [{ type: 'text', text: 'It says A.' }] },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ];
    const { body, codes } = encode(closed);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(codes).not.toContain('thinking-off-for-tool-loop');
  });
});
