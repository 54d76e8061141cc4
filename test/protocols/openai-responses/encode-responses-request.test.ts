import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../../main/core/protocols/canonical/types';
import { openaiResponsesCodec } from '../../../main/core/protocols/openai-responses/index';
import { TARGET } from './replay-responses-stream';

/** A conversation as another protocol's decoder (Anthropic, say) would hand it over. */
function foreignRequest(overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'claude-sonnet',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'anthropic thinking', signature: { origin: 'anthropic', value: 'sig' } },
          {
            type: 'reasoning',
            text: 'openai thinking',
            encrypted: { origin: 'openai-responses', value: 'gAAAA' },
            itemId: 'rs_1',
          },
          { type: 'text', text: 'Calling tools' },
          { type: 'tool-call', id: 'toolu_1', name: 'read', arguments: '{"p":1}', kind: 'function' },
          { type: 'tool-call', id: 'toolu_2', name: 'patch', arguments: '*** Begin', kind: 'custom' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'file body' }] },
          {
            type: 'tool-result',
            toolCallId: 'toolu_2',
            content: [
              { type: 'text', text: 'ok' },
              { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
            ],
          },
          { type: 'opaque', protocol: 'anthropic', value: { type: 'container_upload' } },
        ],
      },
    ],
    tools: [
      {
        type: 'function',
        name: 'read',
        inputSchema: { type: 'object', properties: { p: { type: 'number' } } },
      },
      {
        type: 'custom',
        name: 'patch',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
      },
      {
        type: 'builtin',
        name: 'web_search',
        protocol: 'anthropic',
        value: { type: 'web_search_20250305', name: 'web_search' },
      },
      {
        type: 'builtin',
        name: 'code_execution',
        protocol: 'anthropic',
        value: { type: 'code_execution_20250825' },
      },
    ],
    toolChoice: { type: 'tool', name: 'patch' },
    temperature: 0,
    stopSequences: ['END'],
    reasoning: { enabled: true, budgetTokens: 10_000 },
    metadata: { userId: 'u'.repeat(80), sessionId: 'session-1' },
    stream: true,
    extra: { protocol: 'anthropic', fields: { context_management: { edits: [] } } },
    ...overrides,
  };
}

describe('encodeRequest for a Responses upstream', () => {
  const { value: body, warnings } = openaiResponsesCodec.encodeRequest({
    request: foreignRequest(),
    target: TARGET,
  });
  const input = body.input as Record<string, unknown>[];
  const codes = warnings.map((warning) => warning.code);

  it('replays only our own encrypted reasoning and warns about the foreign one', () => {
    const reasoning = input.filter((item) => item.type === 'reasoning');
    expect(reasoning).toEqual([
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'openai thinking' }],
        encrypted_content: 'gAAAA',
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('sig');
    expect(codes).toContain('reasoning-dropped');
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(body.store).toBe(false);
  });

  it('writes messages, tool calls and outputs in order with the right item types', () => {
    expect(input.map((item) => item.type ?? item.role)).toEqual([
      'message',
      'reasoning',
      'message',
      'function_call',
      'custom_tool_call',
      'function_call_output',
      'custom_tool_call_output',
    ]);
    expect(input[0]).toEqual({
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'Look' },
        { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
        { type: 'input_file', filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBE' },
      ],
    });
    expect(input[2]).toMatchObject({
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Calling tools' }],
    });
    expect(input[4]).toEqual({
      type: 'custom_tool_call',
      call_id: 'toolu_2',
      name: 'patch',
      input: '*** Begin',
    });
    expect(input[5]).toEqual({ type: 'function_call_output', call_id: 'toolu_1', output: 'file body' });
    expect(input[6]).toEqual({
      type: 'custom_tool_call_output',
      call_id: 'toolu_2',
      output: [
        { type: 'input_text', text: 'ok' },
        { type: 'input_image', image_url: 'https://x/y.png', detail: 'auto' },
      ],
    });
    expect(codes).toContain('opaque-part-dropped');
  });

  it('maps tools, tool choice and parameters', () => {
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'read',
        parameters: { type: 'object', properties: { p: { type: 'number' } } },
        strict: false,
      },
      {
        type: 'custom',
        name: 'patch',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
      },
      { type: 'web_search' },
    ]);
    expect(codes).toContain('builtin-tool-dropped');
    expect(body.tool_choice).toEqual({ type: 'custom', name: 'patch' });
    expect(body.temperature).toBe(0);
    expect(body.instructions).toBe('Be brief.');
    expect(body.reasoning).toEqual({ effort: 'medium', summary: 'auto' });
    expect(body.prompt_cache_key).toBe('session-1');
    expect(body).not.toHaveProperty('safety_identifier');
    expect(body).not.toHaveProperty('context_management');
    expect(codes).toEqual(expect.arrayContaining(['parameter-dropped', 'user-id-dropped']));
    expect(body.model).toBe(TARGET.model);
    expect(body.stream).toBe(true);
  });

  it('groups namespaced tools and keeps Responses extras only for Responses requests', () => {
    const decoded = openaiResponsesCodec.decodeRequest({
      body: {
        model: 'gpt-5',
        input: 'hi',
        truncation: 'auto',
        tools: [
          {
            type: 'namespace',
            name: 'ns',
            description: '',
            tools: [{ type: 'function', name: 'a', parameters: {}, strict: true }],
          },
        ],
      },
    }).value;
    const encoded = openaiResponsesCodec.encodeRequest({ request: decoded, target: TARGET }).value;
    expect(encoded.truncation).toBe('auto');
    expect(encoded.tools).toEqual([
      {
        type: 'namespace',
        name: 'ns',
        description: '',
        tools: [{ type: 'function', name: 'a', parameters: {}, strict: true }],
      },
    ]);
    expect(encoded.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    ]);
  });

  it('hands a foreign signature to a Responses client wrapped, and refuses to send it upstream when replayed', () => {
    const response = openaiResponsesCodec.encodeResponse({
      response: {
        id: 'msg_1',
        model: 'claude',
        content: [
          { type: 'reasoning', text: 'hmm', signature: { origin: 'anthropic', value: 'sig' } },
          { type: 'text', text: 'hi' },
        ],
        stopReason: 'end_turn',
        usage: {
          inputTokens: 1,
          outputTokens: 1,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      client: { requestModel: 'claude', responseId: 'r' },
    }).value as { output: Record<string, unknown>[] };
    const replay = openaiResponsesCodec.decodeRequest({
      body: { model: 'x', input: [{ role: 'user', content: 'q' }, ...response.output] },
    }).value;
    const reasoning = replay.messages[1]?.content[0];
    expect(reasoning).toMatchObject({
      type: 'reasoning',
      text: 'hmm',
      signature: { origin: 'anthropic', value: 'sig' },
    });
    expect(reasoning).not.toHaveProperty('encrypted');
    const upstream = openaiResponsesCodec.encodeRequest({ request: replay, target: TARGET });
    expect(JSON.stringify(upstream.value)).not.toContain('sig');
    expect(upstream.warnings.map((warning) => warning.code)).toContain('reasoning-dropped');
  });
});
