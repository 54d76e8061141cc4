import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ProtocolName, TargetContext } from '../../main/core/protocols/canonical';
import { codecFor } from '../../main/core/protocols/registry';
import { loadClientCaptures, type ClientCapture } from '../helpers/fixtures';
import { decodeCapture } from '../routing/decode-capture';
import { anthropicMessagesRequestSchema, countAnthropicTools } from './schemas/anthropic-messages-request';
import { chatCompletionsRequestSchema, countChatTools } from './schemas/chat-completions-request';
import {
  countGeminiTools,
  geminiGenerateContentRequestSchema,
} from './schemas/gemini-generate-content-request';

// Real client requests converted for each other provider format must be
// requests that provider's API accepts (compact schemas of those APIs), with
// no client tool lost: custom (freeform) tools become functions.

type Target = 'openai-chat' | 'anthropic' | 'gemini';

const TARGETS: Record<
  Target,
  { context: TargetContext; schema: z.ZodType; countTools: (request: never) => number }
> = {
  'openai-chat': {
    context: { providerId: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1' },
    schema: chatCompletionsRequestSchema,
    countTools: countChatTools,
  },
  anthropic: {
    context: { providerId: 'anthropic', baseUrl: 'https://api.anthropic.com', model: 'claude-sonnet-4-5' },
    schema: anthropicMessagesRequestSchema,
    countTools: countAnthropicTools,
  },
  gemini: {
    context: {
      providerId: 'gemini',
      baseUrl: 'https://generativelanguage.googleapis.com',
      model: 'gemini-2.5-pro',
    },
    schema: geminiGenerateContentRequestSchema,
    countTools: countGeminiTools,
  },
};

type Json = Record<string, unknown>;

/** Client-defined tools in a Responses body: functions and custom tools, also inside namespaces and additional_tools items. */
function countResponsesTools(tools: unknown): number {
  let count = 0;
  for (const tool of (Array.isArray(tools) ? tools : []) as Json[]) {
    if (tool.type === 'function' || tool.type === 'custom') count += 1;
    else if (tool.type === 'namespace') count += countResponsesTools(tool.tools);
  }
  return count;
}

/** Client tools the capture declares, read from the raw body. */
function sourceToolCount(capture: ClientCapture, protocol: ProtocolName): number {
  const body = capture.body;
  switch (protocol) {
    case 'openai-responses': {
      const additional = (Array.isArray(body.input) ? (body.input as Json[]) : []).filter(
        (item) => item.type === 'additional_tools',
      );
      return (
        countResponsesTools(body.tools) +
        additional.reduce((sum, item) => sum + countResponsesTools(item.tools), 0)
      );
    }
    case 'gemini':
      return ((body.tools ?? []) as Json[]).reduce(
        (sum, tool) => sum + ((tool.functionDeclarations as unknown[] | undefined)?.length ?? 0),
        0,
      );
    case 'anthropic':
      return ((body.tools ?? []) as Json[]).filter((tool) => !/_\d{8}$/.test(String(tool.type ?? ''))).length;
    case 'openai-chat':
      return ((body.tools ?? []) as unknown[]).length;
  }
}

function expectAccepted(capture: ClientCapture, target: Target): void {
  const { protocol, request } = decodeCapture(capture);
  const { context, schema, countTools } = TARGETS[target];
  const encoded = codecFor(target).encodeRequest({ request, target: context });
  const parsed = schema.safeParse(encoded.value);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  expect(issues).toEqual([]);
  expect(countTools(parsed.data as never)).toBe(sourceToolCount(capture, protocol));
}

const CLAUDE_CODE = loadClientCaptures(/__claude-code__POST-v1-messages__/);
const CODEX_AND_GEMINI_CLI = loadClientCaptures(/__(codex|gemini-cli)__/);

describe('Claude Code requests → Chat Completions', () => {
  it('has captures to check', () => expect(CLAUDE_CODE.length).toBeGreaterThanOrEqual(9));
  it.each(CLAUDE_CODE.map((capture) => [capture.file, capture]))('%s', (_file, capture) =>
    expectAccepted(capture, 'openai-chat'),
  );
});

describe.each(['openai-chat', 'anthropic', 'gemini'] as const)(
  'Codex and Gemini CLI requests → %s',
  (target) => {
    it('has captures to check', () => expect(CODEX_AND_GEMINI_CLI.length).toBeGreaterThanOrEqual(11));
    it.each(CODEX_AND_GEMINI_CLI.map((capture) => [capture.file, capture]))('%s', (_file, capture) =>
      expectAccepted(capture, target),
    );
  },
);

describe('the schemas reject what the APIs reject', () => {
  const call = { id: 'call_1', type: 'function', function: { name: 'read', arguments: '{}' } };
  it('Chat: a tool call left unanswered, or a tool message without tool_call_id', () => {
    const base = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, tool_calls: [call] },
      ],
    };
    expect(
      chatCompletionsRequestSchema.safeParse({
        ...base,
        messages: [...base.messages, { role: 'user', content: 'next' }],
      }).success,
    ).toBe(false);
    expect(
      chatCompletionsRequestSchema.safeParse({
        ...base,
        messages: [...base.messages, { role: 'tool', content: 'x' }],
      }).success,
    ).toBe(false);
    expect(
      chatCompletionsRequestSchema.safeParse({
        ...base,
        messages: [...base.messages, { role: 'tool', tool_call_id: 'call_1', content: 'x' }],
      }).success,
    ).toBe(true);
    expect(
      chatCompletionsRequestSchema.safeParse({
        ...base,
        messages: [
          base.messages[0],
          { role: 'assistant', tool_calls: [{ ...call, function: { name: 'read', arguments: {} } }] },
        ],
      }).success,
    ).toBe(false);
  });
  it('Anthropic: tool_result after text, consecutive user turns, empty text', () => {
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'read', input: {} };
    const result = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' };
    const turns = (last: unknown[]): unknown => ({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [toolUse] },
        { role: 'user', content: last },
      ],
    });
    expect(
      anthropicMessagesRequestSchema.safeParse(turns([result, { type: 'text', text: 'more' }])).success,
    ).toBe(true);
    expect(
      anthropicMessagesRequestSchema.safeParse(turns([{ type: 'text', text: 'more' }, result])).success,
    ).toBe(false);
    expect(
      anthropicMessagesRequestSchema.safeParse(turns([{ type: 'text', text: 'no result' }])).success,
    ).toBe(false);
    expect(
      anthropicMessagesRequestSchema.safeParse({
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      }).success,
    ).toBe(false);
    expect(
      anthropicMessagesRequestSchema.safeParse({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }],
      }).success,
    ).toBe(false);
  });
  it('Gemini: functionResponse without its functionCall, and unknown roles', () => {
    const request = (contents: unknown[]): unknown => ({ contents });
    const callTurn = { role: 'model', parts: [{ functionCall: { name: 'read', args: {} } }] };
    const answer = {
      role: 'user',
      parts: [{ functionResponse: { name: 'read', response: { output: 'x' } } }],
    };
    expect(
      geminiGenerateContentRequestSchema.safeParse(
        request([{ role: 'user', parts: [{ text: 'hi' }] }, callTurn, answer]),
      ).success,
    ).toBe(true);
    expect(
      geminiGenerateContentRequestSchema.safeParse(
        request([{ role: 'user', parts: [{ text: 'hi' }] }, answer]),
      ).success,
    ).toBe(false);
    expect(
      geminiGenerateContentRequestSchema.safeParse(request([{ role: 'assistant', parts: [{ text: 'hi' }] }]))
        .success,
    ).toBe(false);
  });
});
