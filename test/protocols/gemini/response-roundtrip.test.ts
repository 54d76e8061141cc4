import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiCodec } from '../../../main/core/protocols/gemini';
import type { CanonicalResponse } from '../../../main/core/protocols/canonical/types';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';
import { createGenAI, startCannedServer, summarize, type CannedServer } from './genai-harness';

const target = {
  providerId: 'google',
  baseUrl: 'https://generativelanguage.googleapis.com',
  model: 'gemini-3-pro-preview',
};
const client = { requestModel: 'gemini-client-model', responseId: 'resp_fallback' };

describe('Gemini JSON responses judged by @google/genai', () => {
  let server: CannedServer;
  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const parse = async (body: unknown) => {
    server.respond(JSON.stringify(body), 'application/json');
    return createGenAI(server).models.generateContent({ model: 'gemini-test', contents: 'hi' });
  };

  for (const file of listUpstreamFixtures('google', /^google-(?!429).*\.json$/)) {
    it(`${path.basename(file)}: decodeResponse → encodeResponse parses the same`, async () => {
      const body = readJson(file);
      const decoded = geminiCodec.decodeResponse({ body, target });
      const encoded = geminiCodec.encodeResponse({ response: decoded.value, client });
      const original = await parse(body);
      const ours = await parse(encoded.value);
      expect(summarize([ours])).toEqual(summarize([original]));
      expect(ours.modelVersion).toBe('gemini-client-model');
      expect(ours.responseId).toBe((body as { responseId: string }).responseId);
      expect(decoded.value.usage.outputTokens).toBe(
        (original.usageMetadata?.candidatesTokenCount ?? 0) +
          (original.usageMetadata?.thoughtsTokenCount ?? 0),
      );
    });
  }

  it('tool calls get stable ids and stop with tool_use; text keeps its signature', () => {
    const [toolFile] = listUpstreamFixtures('google', /^google-tool-call\.json$/);
    const first = geminiCodec.decodeResponse({ body: readJson(toolFile as string), target }).value;
    const second = geminiCodec.decodeResponse({ body: readJson(toolFile as string), target }).value;
    const call = first.content.find((part) => part.type === 'tool-call');
    expect(call?.type === 'tool-call' && call.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(call?.type === 'tool-call' && call.id).toBe(
      second.content.find((part) => part.type === 'tool-call')?.type === 'tool-call'
        ? (second.content.find((part) => part.type === 'tool-call') as { id: string }).id
        : undefined,
    );
    expect(call?.type === 'tool-call' && call.signature?.origin).toBe('gemini');
    expect(first.stopReason).toBe('tool_use');

    const [textFile] = listUpstreamFixtures('google', /^google-text\.json$/);
    const text = geminiCodec.decodeResponse({ body: readJson(textFile as string), target }).value;
    expect(text.content.map((part) => part.type)).toEqual(['text', 'reasoning']);
    expect(text.stopReason).toBe('end_turn');
  });

  it('maps finish reasons, blocked prompts and cached tokens', () => {
    const decode = (body: unknown): CanonicalResponse => geminiCodec.decodeResponse({ body, target }).value;
    const base = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason: 'MAX_TOKENS' }],
      usageMetadata: {
        promptTokenCount: 100,
        cachedContentTokenCount: 60,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 7,
        totalTokenCount: 112,
      },
    };
    const limited = decode(base);
    expect(limited.stopReason).toBe('max_tokens');
    expect(limited.usage).toEqual({
      inputTokens: 100,
      outputTokens: 12,
      cacheReadTokens: 60,
      cacheWriteTokens: 0,
      reasoningTokens: 7,
    });
    expect(
      decode({ ...base, candidates: [{ ...base.candidates[0], finishReason: 'RECITATION' }] }).stopReason,
    ).toBe('content_filter');
    expect(
      decode({ ...base, candidates: [{ ...base.candidates[0], finishReason: 'MALFORMED_FUNCTION_CALL' }] })
        .stopReason,
    ).toBe('other');
    const blocked = decode({
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 3 },
    });
    expect(blocked.stopReason).toBe('content_filter');
    expect(blocked.rawStopReason).toBe('PROHIBITED_CONTENT');
    const encoded = geminiCodec.encodeResponse({ response: limited, client }).value as {
      usageMetadata: Record<string, number>;
      candidates: { finishReason: string }[];
    };
    expect(encoded.usageMetadata).toEqual({
      promptTokenCount: 100,
      candidatesTokenCount: 5,
      thoughtsTokenCount: 7,
      cachedContentTokenCount: 60,
      totalTokenCount: 112,
    });
    expect(encoded.candidates[0]?.finishReason).toBe('MAX_TOKENS');
  });

  it('signatures from another protocol travel packed and come back with their origin', async () => {
    const response: CanonicalResponse = {
      id: 'msg_1',
      model: 'claude',
      content: [
        { type: 'reasoning', text: 'thinking', signature: { origin: 'anthropic', value: 'sig-a' } },
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', id: 'toolu_1', name: 'read', arguments: '{"path":"/a"}', kind: 'function' },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    };
    const encoded = geminiCodec.encodeResponse({ response, client }).value;
    const sdk = await parse(encoded);
    expect(sdk.candidates?.[0]?.content?.parts?.[0]).toEqual({
      text: 'thinking',
      thought: true,
      thoughtSignature: 'ais1.anthropic.sig-a',
    });
    expect(sdk.functionCalls?.[0]).toEqual({ id: 'toolu_1', name: 'read', args: { path: '/a' } });
    // The client replays the turn: the signature is Anthropic's again and the call id survives.
    const replay = geminiCodec.decodeRequest({
      body: {
        model: 'm',
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          sdk.candidates?.[0]?.content,
          {
            role: 'user',
            parts: [{ functionResponse: { id: 'toolu_1', name: 'read', response: { output: 'data' } } }],
          },
        ],
      },
    }).value;
    expect(replay.messages[1]?.content[0]).toEqual({
      type: 'reasoning',
      text: 'thinking',
      signature: { origin: 'anthropic', value: 'sig-a' },
    });
    expect(replay.messages[2]?.content[0]).toMatchObject({
      type: 'tool-result',
      toolCallId: 'toolu_1',
      toolName: 'read',
    });
  });
});
