import { describe, expect, it } from 'vitest';
import {
  anthropicCodec,
  decodeAnthropicCountTokensRequest,
  encodeAnthropicCountTokensRequest,
} from '../../../main/core/protocols/anthropic';
import { loadClientCaptures } from '../../helpers/fixtures';
import { TARGET } from './replay-anthropic-sse';

type Json = Record<string, unknown>;

/*
 * Normalisations allowed on a decode → encode round trip (both sides get them):
 * - string `content` (message, system, tool_result) ≡ one text block;
 * - `stream: false` ≡ absent; `tools: []` ≡ absent.
 * Everything else (blocks, cache_control, tools, thinking, output_config,
 * metadata, context_management…) must come back identical.
 */
function textBlocks(content: unknown): unknown {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function normaliseBlock(block: Json): Json {
  if (block.type === 'tool_result' && block.content !== undefined)
    return { ...block, content: textBlocks(block.content) };
  return block;
}

function normaliseBody(body: Json): Json {
  const normalised: Json = { ...body };
  if (normalised.stream === false) delete normalised.stream;
  if (Array.isArray(normalised.tools) && normalised.tools.length === 0) delete normalised.tools;
  if (normalised.system !== undefined) normalised.system = textBlocks(normalised.system);
  normalised.messages = (body.messages as Json[]).map((message) => ({
    ...message,
    content: (textBlocks(message.content) as Json[]).map(normaliseBlock),
  }));
  return normalised;
}

const captures = loadClientCaptures(/^(claude-|sdk-anthropic-)/);

describe('Anthropic request round trip (real client captures)', () => {
  it('has Claude Code and SDK captures to replay', () => {
    expect(captures.filter((capture) => capture.file.startsWith('claude-')).length).toBeGreaterThanOrEqual(9);
    expect(
      captures.filter((capture) => capture.file.startsWith('sdk-anthropic-')).length,
    ).toBeGreaterThanOrEqual(5);
  });

  for (const capture of captures) {
    it(`${capture.file}: decode → encode loses nothing`, () => {
      const countTokens = capture.path.includes('count_tokens');
      const decoded = countTokens
        ? decodeAnthropicCountTokensRequest({ body: capture.body })
        : anthropicCodec.decodeRequest({ body: capture.body });
      expect(decoded.warnings).toEqual([]);
      const encoded = anthropicCodec.encodeRequest({
        request: decoded.value,
        target: { ...TARGET, model: String(capture.body.model) },
      });
      expect(encoded.warnings).toEqual([]);
      const expected = normaliseBody(capture.body);
      // count_tokens has no max_tokens; a Messages body must carry one.
      if (countTokens) expect(encoded.value.max_tokens).toBeGreaterThan(0);
      const actual = normaliseBody(encoded.value);
      if (countTokens) delete actual.max_tokens;
      expect(actual).toEqual(expected);
      if (countTokens) {
        const counting = encodeAnthropicCountTokensRequest({
          request: decoded.value,
          target: { ...TARGET, model: String(capture.body.model) },
        });
        expect(normaliseBody(counting.value)).toEqual(expected);
      }
    });
  }

  it('reads Claude Code metadata, thinking and mid-conversation system messages', () => {
    const capture = captures.find(
      (item) => item.file.startsWith('claude-tool-bash') && item.file.endsWith('02.json'),
    );
    if (!capture) throw new Error('claude-tool-bash turn 2 capture missing');
    const { value } = anthropicCodec.decodeRequest({ body: capture.body });
    expect(value.metadata?.sessionId).toBe('c03dde1e-e0a6-4c28-ab09-daa9f1330d31');
    expect(value.metadata?.userId).toContain('device_id');
    expect(value.reasoning).toEqual({ enabled: true, adaptive: true, effort: 'high' });
    expect(value.messages.map((message) => message.role)).toEqual(['user', 'system', 'assistant', 'user']);
    expect(value.system).toHaveLength(3);
    expect(value.system[1]?.cacheControl).toEqual({ type: 'ephemeral' });
    expect(value.extra?.fields.context_management).toEqual({
      edits: [{ type: 'clear_thinking_20251015', keep: 'all' }],
    });
    const toolCall = value.messages[2]?.content[0];
    expect(toolCall).toMatchObject({ type: 'tool-call', name: 'Bash', kind: 'function' });
    expect(JSON.parse(toolCall?.type === 'tool-call' ? toolCall.arguments : '')).toEqual({
      command: 'cat /tmp/acceptance.Gm4iTS/claude-tool-bash/marker.txt',
      description: 'read the marker file',
    });
    expect(value.messages[3]?.content[0]).toEqual({
      type: 'tool-result',
      toolCallId: 'toolu_4iXlDw2PlcCRH5wAj2xJT9xL',
      content: [{ type: 'text', text: 'ACCEPT-94aba319' }],
      isError: false,
      cacheControl: { type: 'ephemeral' },
    });
    expect(value.tools.every((tool) => tool.type === 'function')).toBe(true);
  });

  it('reads Claude Code structured output and the budget form of thinking', () => {
    const interactive = captures.find(
      (item) => item.file === 'claude-interactive__claude-code__POST-v1-messages__01.json',
    );
    const haiku = captures.find((item) => item.file.startsWith('claude-haiku'));
    if (!interactive || !haiku) throw new Error('captures missing');
    const structured = anthropicCodec.decodeRequest({ body: interactive.body }).value;
    expect(structured.responseFormat).toMatchObject({ type: 'json-schema', schema: { required: ['title'] } });
    expect(structured.reasoning).toEqual({ enabled: false, effort: 'high' });
    expect(anthropicCodec.decodeRequest({ body: haiku.body }).value.reasoning).toEqual({
      enabled: true,
      budgetTokens: 31999,
    });
  });
});
