import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../main/core/protocols/canonical';
import { anthropicCodec, decodeAnthropicCountTokensRequest } from '../../../main/core/protocols/anthropic';
import { TARGET } from './replay-anthropic-sse';

const BASE = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] };

function rejection(body: unknown): string {
  try {
    anthropicCodec.decodeRequest({ body });
  } catch (error) {
    if (error instanceof ProtocolError) {
      expect(error.error).toMatchObject({ kind: 'invalid_request', status: 400 });
      return error.message;
    }
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('Anthropic request decoder', () => {
  it('rejects invalid requests naming the field', () => {
    expect(rejection('nope')).toMatch(/JSON object/);
    expect(rejection({ ...BASE, model: undefined })).toMatch(/^model/);
    expect(rejection({ ...BASE, messages: undefined })).toMatch(/^messages/);
    expect(rejection({ ...BASE, messages: {} })).toMatch(/^messages: expected an array/);
    expect(rejection({ ...BASE, messages: [{ role: 'tool', content: 'x' }] })).toMatch(
      /^messages\[0\]\.role/,
    );
    expect(rejection({ ...BASE, messages: [{ role: 'user', content: 5 }] })).toMatch(
      /^messages\[0\]\.content/,
    );
    expect(
      rejection({ ...BASE, messages: [{ role: 'user', content: [{ type: 'tool_use', name: 'x' }] }] }),
    ).toMatch(/^messages\[0\]\.content\[0\]\.id/);
    expect(rejection({ ...BASE, max_tokens: undefined })).toMatch(/^max_tokens/);
    expect(rejection({ ...BASE, temperature: 'hot' })).toMatch(/^temperature/);
    expect(rejection({ ...BASE, tool_choice: { type: 'tool' } })).toMatch(/^tool_choice\.name/);
    expect(rejection({ ...BASE, tools: [{ name: 'x' }] })).toMatch(/^tools\[0\]\.input_schema/);
    expect(rejection({ ...BASE, system: [{ type: 'image', source: { type: 'url', url: 'u' } }] })).toMatch(
      /^system\[0\]/,
    );
  });

  it('accepts count_tokens bodies without max_tokens', () => {
    const { value } = decodeAnthropicCountTokensRequest({
      body: { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'x' }] },
    });
    expect(value.maxOutputTokens).toBeUndefined();
    expect(value.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'x' }] }]);
  });

  it('decodes every block kind, keeping unknown ones opaque', () => {
    const blocks = [
      { type: 'text', text: 'see', citations: [{ type: 'char_location', cited_text: 'c' }] },
      {
        type: 'image',
        source: { type: 'base64', media_type: 'image/png', data: 'iVBO' },
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
      { type: 'image', source: { type: 'file', file_id: 'file_1' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc text' }, title: 'T' },
      { type: 'document', source: { type: 'url', url: 'https://x/a.pdf' } },
      { type: 'search_result', source: 's', title: 't', content: [] },
    ];
    const assistant = [
      { type: 'thinking', thinking: 'hmm', signature: 'ais1.gemini.R0VN' },
      { type: 'redacted_thinking', data: 'RED' },
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
      { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'x', server_name: 's', input: {} },
    ];
    const { value, warnings } = anthropicCodec.decodeRequest({
      body: {
        ...BASE,
        messages: [
          { role: 'user', content: blocks },
          { role: 'assistant', content: assistant },
        ],
      },
    });
    expect(warnings).toEqual([]);
    expect(value.messages[0]?.content).toEqual([
      {
        type: 'text',
        text: 'see',
        citations: { protocol: 'anthropic', value: [{ type: 'char_location', cited_text: 'c' }] },
      },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' },
        cacheControl: { type: 'ephemeral', ttl: '1h' },
      },
      { type: 'image', source: { kind: 'file-id', fileId: 'file_1' } },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('doc text').toString('base64') },
        title: 'T',
      },
      { type: 'file', source: { kind: 'url', url: 'https://x/a.pdf', mediaType: 'application/pdf' } },
      { type: 'opaque', protocol: 'anthropic', value: blocks[5] },
    ]);
    expect(value.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: { origin: 'gemini', value: 'R0VN' } },
      { type: 'reasoning', text: '', redactedData: 'RED' },
      {
        type: 'server-tool-call',
        id: 'srvtoolu_1',
        name: 'web_search',
        input: { query: 'q' },
        protocol: 'anthropic',
      },
      {
        type: 'server-tool-result',
        toolCallId: 'srvtoolu_1',
        name: 'web_search_tool_result',
        value: assistant[3],
        protocol: 'anthropic',
      },
      { type: 'opaque', protocol: 'anthropic', value: assistant[4] },
    ]);
    // And back: the same blocks, with the Gemini signature re-wrapped only for an Anthropic client, not sent upstream.
    const encoded = anthropicCodec.encodeRequest({ request: value, target: TARGET });
    expect((encoded.value.messages as { content: unknown[] }[])[0]?.content).toEqual(blocks);
    expect((encoded.value.messages as { content: unknown[] }[])[1]?.content).toEqual(assistant.slice(1));
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['reasoning-dropped']);
  });

  it('decodes tools, tool_choice, sampling and keeps unmodelled fields in extra', () => {
    const body = {
      ...BASE,
      temperature: 0,
      top_k: 3,
      stop_sequences: ['\n\nHuman:'],
      tools: [
        { name: 'get', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
        { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      output_format: { type: 'json_schema', schema: { type: 'object' } },
      output_config: { effort: 'low' },
      container: 'container_1',
      service_tier: 'auto',
      metadata: { user_id: 'plain-user' },
    };
    const { value } = anthropicCodec.decodeRequest({ body });
    expect(value.temperature).toBe(0);
    expect(value.topK).toBe(3);
    expect(
      value.tools.map((tool) =>
        tool.type === 'builtin' ? `builtin:${tool.name}` : `${tool.type}:${tool.name}`,
      ),
    ).toEqual(['function:get', 'builtin:web_search', 'builtin:tool_search', 'builtin:text_editor']);
    expect(value.toolChoice).toEqual({ type: 'required' });
    expect(value.parallelToolCalls).toBe(false);
    expect(value.responseFormat).toEqual({ type: 'json-schema', schema: { type: 'object' } });
    expect(value.reasoning).toBeUndefined();
    expect(value.metadata).toEqual({ userId: 'plain-user' });
    expect(value.extra).toEqual({
      protocol: 'anthropic',
      fields: {
        output_format: body.output_format,
        output_config: { effort: 'low' },
        container: 'container_1',
        service_tier: 'auto',
      },
    });
    const encoded = anthropicCodec.encodeRequest({
      request: value,
      target: { ...TARGET, model: body.model },
    });
    expect(encoded.value).toEqual({
      ...body,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    expect(encoded.warnings).toEqual([]);
  });
});
