import { describe, expect, it } from 'vitest';
import type {
  CanonicalMessage,
  CanonicalRequest,
  ReasoningRequest,
  TargetContext,
} from '../../../main/core/protocols/canonical';
import {
  detectChatDialect,
  openaiChatCodec,
  rewriteToolCallId,
} from '../../../main/core/protocols/openai-chat';
import { loadClientCaptures } from '../../helpers/fixtures';

const DEEPSEEK: TargetContext = {
  providerId: 'deepseek',
  baseUrl: 'https://api.deepseek.com',
  model: 'deepseek-chat',
};
const OPENAI: TargetContext = { providerId: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-5' };
const MISTRAL: TargetContext = {
  providerId: 'mistral',
  baseUrl: 'https://api.mistral.ai/v1',
  model: 'mistral-small-latest',
};

const CLAUDE_TOOL_ID = 'toolu_h9CbWRMDk3R6EaWOxcZliCA6';

/** The shape Claude Code's second tool turn has after the Anthropic decoder. */
function claudeCodeTurn(extraMessages: CanonicalMessage[] = []): CanonicalRequest {
  return {
    model: 'claude-opus-4-8',
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197' },
      { type: 'text', text: 'You are a Claude agent.', cacheControl: { type: 'ephemeral' } },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Read marker.txt' }] },
      { role: 'system', content: [{ type: 'text', text: 'Mid-conversation reminder.' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'I will read it.',
            signature: { origin: 'anthropic', value: 'EqQBsig' },
          },
          {
            type: 'tool-call',
            id: CLAUDE_TOOL_ID,
            name: 'Read',
            arguments: '{"file_path":"/tmp/marker.txt"}',
            kind: 'function',
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: CLAUDE_TOOL_ID,
            content: [{ type: 'text', text: '1\tACCEPT\n' }],
            cacheControl: { type: 'ephemeral' },
          },
          { type: 'text', text: 'Now summarise.' },
        ],
      },
      ...extraMessages,
    ],
    tools: [
      {
        type: 'function',
        name: 'Read',
        description: 'Read a file',
        inputSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: { file_path: { type: 'string' } },
          required: ['file_path'],
        },
      },
    ],
    maxOutputTokens: 64000,
    reasoning: { enabled: true, adaptive: true, effort: 'high' },
    metadata: { userId: '{"device_id":"abc"}', sessionId: '418e7970' },
    stream: true,
  };
}

const encode = (request: CanonicalRequest, target: TargetContext) =>
  openaiChatCodec.encodeRequest({ request, target });

describe('encodeRequest (canonical → Chat upstream body)', () => {
  it('encodes a Claude Code tool turn for DeepSeek', () => {
    const { value, warnings } = encode(claudeCodeTurn(), DEEPSEEK);
    expect(value).toEqual({
      model: 'deepseek-chat',
      messages: [
        {
          role: 'system',
          content: 'x-anthropic-billing-header: cc_version=2.1.197\n\nYou are a Claude agent.',
        },
        // The late system message is folded into the user turn it follows (system_messages: fold).
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read marker.txt' },
            { type: 'text', text: '<system-reminder>\nMid-conversation reminder.\n</system-reminder>' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'I will read it.',
          tool_calls: [
            {
              id: CLAUDE_TOOL_ID,
              type: 'function',
              function: { name: 'Read', arguments: '{"file_path":"/tmp/marker.txt"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: CLAUDE_TOOL_ID, content: '1\tACCEPT\n' },
        { role: 'user', content: 'Now summarise.' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'Read',
            description: 'Read a file',
            parameters: {
              type: 'object',
              properties: { file_path: { type: 'string' } },
              required: ['file_path'],
            },
          },
        },
      ],
      max_tokens: 64000,
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
      user: '{"device_id":"abc"}',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(JSON.stringify(value)).not.toContain('EqQBsig');
    expect(warnings).toEqual([]);
  });

  it('encodes the same turn for OpenAI: no reasoning replay, max_completion_tokens, prompt_cache_key from the session', () => {
    const { value, warnings } = encode(claudeCodeTurn(), OPENAI);
    const assistant = (value.messages as Record<string, unknown>[])[3];
    expect(assistant).not.toHaveProperty('reasoning_content');
    expect(value).toMatchObject({
      max_completion_tokens: 64000,
      reasoning_effort: 'high',
      prompt_cache_key: '418e7970',
    });
    expect(value).not.toHaveProperty('max_tokens');
    expect(warnings.map((warning) => warning.code)).toContain('reasoning-not-replayed');
    expect(
      encode({ ...claudeCodeTurn(), reasoning: undefined }, { ...OPENAI, model: 'gpt-4.1' }).value,
    ).toMatchObject({ max_tokens: 64000 });
  });

  it('moves images out of tool results into a user message after all tool messages', () => {
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'call_1', name: 'screenshot', arguments: '{}', kind: 'function' },
            { type: 'tool-call', id: 'call_2', name: 'ls', arguments: '{}', kind: 'function' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'a.txt' }] },
            {
              type: 'tool-result',
              toolCallId: 'call_1',
              content: [
                { type: 'text', text: 'captured' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
              ],
            },
            { type: 'text', text: 'what do you see?' },
          ],
        },
      ],
      tools: [],
      stream: false,
    };
    const { value, warnings } = encode(request, DEEPSEEK);
    expect(value.messages).toEqual([
      {
        role: 'assistant',
        content: null,
        reasoning_content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'screenshot', arguments: '{}' } },
          { id: 'call_2', type: 'function', function: { name: 'ls', arguments: '{}' } },
        ],
      },
      // Call order, not result order.
      { role: 'tool', tool_call_id: 'call_1', content: 'captured' },
      { role: 'tool', tool_call_id: 'call_2', content: 'a.txt' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments returned by tool call call_1:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'text', text: 'what do you see?' },
        ],
      },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['image-in-tool-result-moved']);
  });

  it('rewrites tool call ids Mistral rejects, the same way on every turn', () => {
    const firstTurn = encode(claudeCodeTurn(), MISTRAL).value;
    const secondTurn = encode(
      claudeCodeTurn([
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'toolu_second', name: 'Read', arguments: '{}', kind: 'function' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_second', content: [{ type: 'text', text: 'ok' }] },
          ],
        },
      ]),
      MISTRAL,
    ).value;
    const ids = (body: Record<string, unknown>) =>
      (body.messages as Record<string, unknown>[]).flatMap((message) => [
        ...((message.tool_calls as { id: string }[] | undefined) ?? []).map((call) => call.id),
        ...(typeof message.tool_call_id === 'string' ? [message.tool_call_id] : []),
      ]);
    const [callId, resultId] = ids(firstTurn);
    expect(callId).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(resultId).toBe(callId);
    const second = ids(secondTurn);
    expect(second.slice(0, 2)).toEqual([callId, callId]);
    expect(second[2]).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(second[2]).not.toBe(callId);
    expect(second[3]).toBe(second[2]);
    // Mistral's own ids and ids OpenAI accepts pass unchanged.
    expect(rewriteToolCallId('gSIMJiOkT', 'mistral')).toBe('gSIMJiOkT');
    expect(rewriteToolCallId(CLAUDE_TOOL_ID, 'openai')).toBe(CLAUDE_TOOL_ID);
    const long = `call_${'x'.repeat(60)}`;
    expect(rewriteToolCallId(long, 'openai')).toHaveLength(40);
    expect(rewriteToolCallId(long, 'openai')).toBe(rewriteToolCallId(long, 'openai'));
    expect(rewriteToolCallId(long, 'deepseek')).toBe(long);
  });

  it('maps reasoning to each provider’s own parameter', () => {
    const reasoningFor = (baseUrl: string, model: string, reasoning: ReasoningRequest) => {
      const request: CanonicalRequest = {
        model: 'x',
        system: [],
        messages: [],
        tools: [],
        stream: false,
        reasoning,
      };
      const { value } = encode(request, { providerId: 'p', baseUrl, model });
      const { model: _model, messages: _messages, ...rest } = value;
      return rest;
    };
    const on: ReasoningRequest = { enabled: true, effort: 'medium' };
    const budget: ReasoningRequest = { enabled: true, budgetTokens: 8000 };
    const off: ReasoningRequest = { enabled: false };
    expect(reasoningFor('https://api.openai.com/v1', 'o3', on)).toEqual({ reasoning_effort: 'medium' });
    expect(reasoningFor('https://api.openai.com/v1', 'gpt-5.1', off)).toEqual({ reasoning_effort: 'none' });
    expect(reasoningFor('https://api.openai.com/v1', 'gpt-4.1', on)).toEqual({});
    expect(reasoningFor('https://openrouter.ai/api/v1', 'anthropic/claude-sonnet-4', budget)).toEqual({
      reasoning: { max_tokens: 8000 },
    });
    expect(reasoningFor('https://openrouter.ai/api/v1', 'x', on)).toEqual({
      reasoning: { effort: 'medium' },
    });
    expect(reasoningFor('https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen3-max', budget)).toEqual({
      enable_thinking: true,
      thinking_budget: 8000,
    });
    expect(reasoningFor('https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen3-max', off)).toEqual({
      enable_thinking: false,
    });
    expect(reasoningFor('https://open.bigmodel.cn/api/paas/v4', 'glm-4.6', on)).toEqual({
      thinking: { type: 'enabled' },
    });
    expect(reasoningFor('https://api.z.ai/api/paas/v4', 'glm-4.6', off)).toEqual({
      thinking: { type: 'disabled' },
    });
    expect(reasoningFor('https://api.deepseek.com', 'deepseek-chat', off)).toEqual({
      thinking: { type: 'disabled' },
    });
    expect(
      reasoningFor('https://api.deepseek.com', 'deepseek-reasoner', { enabled: true, effort: 'max' }),
    ).toEqual({ reasoning_effort: 'max' });
    expect(reasoningFor('https://api.moonshot.ai/v1', 'kimi-k2.5', off)).toEqual({
      thinking: { type: 'disabled' },
    });
    expect(reasoningFor('http://localhost:11434/v1', 'qwen3', off)).toEqual({ reasoning_effort: 'none' });
    expect(reasoningFor('https://api.groq.com/openai/v1', 'llama', on)).toEqual({});
  });

  it('sends custom tools as functions with one string input, natively to OpenAI', () => {
    const request: CanonicalRequest = {
      model: 'x',
      system: [],
      messages: [
        {
          role: 'assistant',
          content: [
            {
              type: 'tool-call',
              id: 'c1',
              name: 'apply_patch',
              arguments: '*** Begin Patch',
              kind: 'custom',
            },
          ],
        },
      ],
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Patch files' }],
      toolChoice: { type: 'tool', name: 'apply_patch' },
      stream: false,
    };
    const other = encode(request, DEEPSEEK);
    expect(other.value.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description: 'Patch files',
          parameters: {
            type: 'object',
            properties: {
              input: { type: 'string', description: 'The raw input for this tool, as free-form text.' },
            },
            required: ['input'],
          },
        },
      },
    ]);
    expect((other.value.messages as { tool_calls: unknown }[])[0]?.tool_calls).toEqual([
      {
        id: 'c1',
        type: 'function',
        function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
      },
    ]);
    expect(other.value.tool_choice).toEqual({ type: 'function', function: { name: 'apply_patch' } });
    expect(other.warnings.map((warning) => warning.code)).toContain('custom-tool-as-function');

    const native = encode(request, OPENAI).value;
    expect(native.tools).toEqual([
      { type: 'custom', custom: { name: 'apply_patch', description: 'Patch files' } },
    ]);
    expect(native.tool_choice).toEqual({ type: 'custom', custom: { name: 'apply_patch' } });
  });

  it('sends web search only to OpenAI search models, and the common parameters as-is', () => {
    const request: CanonicalRequest = {
      model: 'x',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'news?' }] }],
      tools: [
        {
          type: 'builtin',
          name: 'web_search',
          protocol: 'anthropic',
          value: {
            type: 'web_search_20250305',
            name: 'web_search',
            user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
          },
        },
      ],
      temperature: 0,
      topP: 1,
      stopSequences: ['###'],
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true },
      stream: false,
    };
    const search = encode(request, { ...OPENAI, model: 'gpt-4o-search-preview' }).value;
    expect(search).toMatchObject({
      web_search_options: {
        user_location: { type: 'approximate', approximate: { city: 'Paris', country: 'FR' } },
      },
      temperature: 0,
      top_p: 1,
      stop: ['###'],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
    });
    expect(search).not.toHaveProperty('tools');
    const deepseek = encode(request, DEEPSEEK);
    expect(deepseek.value).not.toHaveProperty('web_search_options');
    expect(deepseek.value.response_format).toEqual({ type: 'json_object' });
    expect(deepseek.warnings.map((warning) => warning.code)).toEqual([
      'builtin-tool-dropped',
      'json-schema-relaxed',
    ]);
  });

  it('round-trips the openai SDK Chat captures (messages, tools, tool_choice, stream)', () => {
    for (const capture of loadClientCaptures(/^sdk-openai-chat-/)) {
      const body = capture.body;
      const decoded = openaiChatCodec.decodeRequest({ body });
      const { value } = encode(decoded.value, { ...OPENAI, model: String(body.model) });
      const withoutNullRefusal = (body.messages as Record<string, unknown>[]).map(
        ({ refusal, ...message }) => (refusal === null ? message : { ...message, refusal }),
      );
      expect(value.messages, capture.file).toEqual(withoutNullRefusal);
      expect(value.tools, capture.file).toEqual(body.tools);
      expect(value.tool_choice, capture.file).toEqual(body.tool_choice);
      expect(value.stream, capture.file).toEqual(body.stream);
      // Streams always ask for usage: without it a Chat stream carries no token counts.
      expect(value.stream_options, capture.file).toEqual(
        body.stream === true ? { ...(body.stream_options as object), include_usage: true } : undefined,
      );
    }
  });

  it('keeps a leading developer role for OpenAI only', () => {
    const decoded = openaiChatCodec.decodeRequest({
      body: {
        model: 'gpt-5',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
        ],
      },
    }).value;
    expect((encode(decoded, OPENAI).value.messages as unknown[])[0]).toEqual({
      role: 'developer',
      content: 'Be brief.',
    });
    expect((encode(decoded, DEEPSEEK).value.messages as unknown[])[0]).toEqual({
      role: 'system',
      content: 'Be brief.',
    });
    expect(JSON.stringify(encode(decoded, OPENAI).value)).not.toContain('x-ais');
  });

  it('detects the vendor from the base URL, then from the provider id', () => {
    expect(detectChatDialect({ baseUrl: 'https://api.x.ai/v1', providerId: 'p' })).toBe('xai');
    expect(detectChatDialect({ baseUrl: 'https://api.foox.ai/v1', providerId: 'p' })).toBe('generic');
    expect(
      detectChatDialect({ baseUrl: 'https://my-resource.openai.azure.com/openai', providerId: 'p' }),
    ).toBe('azure');
    expect(
      detectChatDialect({
        baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
        providerId: 'p',
      }),
    ).toBe('qwen');
    expect(detectChatDialect({ baseUrl: 'https://relay.example.com/v1', providerId: 'deepseek-relay' })).toBe(
      'deepseek',
    );
    expect(detectChatDialect({ baseUrl: 'not a url', providerId: 'p' })).toBe('generic');
  });
});
