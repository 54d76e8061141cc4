import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, ContentPart } from '../../../main/core/protocols/canonical/types';
import {
  DUMMY_THOUGHT_SIGNATURE,
  decodeGeminiCountTokensRequest,
  geminiCodec,
} from '../../../main/core/protocols/gemini';
import type { GeminiPart } from '../../../main/core/protocols/gemini/gemini-wire-types';
import { loadClientCaptures, type ClientCapture } from '../../helpers/fixtures';

const target = {
  providerId: 'google',
  baseUrl: 'https://generativelanguage.googleapis.com',
  model: 'gemini-3-pro-preview',
};

/** What the server does before decoding: model and stream come from the URL. */
function bodyOf(capture: ClientCapture): Record<string, unknown> {
  const model = /models\/([^:]+):/.exec(capture.path)?.[1];
  return { ...capture.body, model, stream: capture.path.includes(':streamGenerateContent') };
}

type WirePart = GeminiPart;
type WireContent = { role: string; parts: WirePart[] };

const captures = loadClientCaptures(/^(gemini-|sdk-genai-)(?!count-tokens)/);

describe('Gemini client captures', () => {
  it('finds the captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(8);
  });

  for (const capture of captures) {
    it(`${capture.file}: decodes without losing a tool and round-trips`, () => {
      const body = bodyOf(capture);
      const { value: request } = geminiCodec.decodeRequest({ body });
      expect(request.model).toBe(body.model);
      expect(request.stream).toBe(body.stream);

      const declared = (
        (capture.body.tools ?? []) as { functionDeclarations?: { name: string }[] }[]
      ).flatMap((tool) => tool.functionDeclarations ?? []);
      expect(request.tools.map((tool) => tool.name)).toEqual(declared.map((declaration) => declaration.name));

      // Every functionResponse answers a decoded call, by id.
      const parts = request.messages.flatMap((message) => message.content);
      const callIds = parts.flatMap((part) => (part.type === 'tool-call' ? [part.id] : []));
      for (const part of parts) if (part.type === 'tool-result') expect(callIds).toContain(part.toolCallId);

      const encoded = geminiCodec.encodeRequest({ request, target }).value as {
        contents: WireContent[];
        model?: unknown;
        stream?: unknown;
        tools?: { functionDeclarations: { name: string; parameters?: unknown }[] }[];
        systemInstruction?: { parts: { text: string }[] };
        generationConfig?: Record<string, unknown>;
      };
      expect(encoded.model).toBeUndefined();
      expect(encoded.stream).toBeUndefined();
      const originalContents = capture.body.contents as WireContent[];
      expect(encoded.contents.map((content) => content.role)).toEqual(
        originalContents.map((content) => content.role),
      );
      encoded.contents.forEach((content, index) => {
        const original = originalContents[index] as WireContent;
        expect(content.parts).toHaveLength(original.parts.length);
        content.parts.forEach((part, partIndex) => {
          const originalPart = original.parts[partIndex] as WirePart;
          expect(part.text).toBe(originalPart.text);
          // A model turn's first functionCall always carries a signature: the client's, or the documented placeholder.
          const firstCall =
            original.parts.findIndex((candidate) => candidate.functionCall !== undefined) === partIndex;
          expect(part.thoughtSignature).toBe(
            originalPart.thoughtSignature ?? (firstCall ? DUMMY_THOUGHT_SIGNATURE : undefined),
          );
          if (originalPart.functionCall) {
            expect(part.functionCall).toMatchObject({
              name: originalPart.functionCall.name,
              args: originalPart.functionCall.args,
            });
            if (originalPart.functionCall.id)
              expect(part.functionCall?.id).toBe(originalPart.functionCall.id);
          }
          if (originalPart.functionResponse) {
            expect(part.functionResponse).toMatchObject({
              name: originalPart.functionResponse.name,
              response: originalPart.functionResponse.response,
            });
          }
        });
      });
      // Ids we had to invent still pair each response with its call.
      const wireCalls = encoded.contents.flatMap((content) =>
        content.parts.flatMap((part) => (part.functionCall ? [part.functionCall.id] : [])),
      );
      const wireResponses = encoded.contents.flatMap((content) =>
        content.parts.flatMap((part) => (part.functionResponse ? [part.functionResponse.id] : [])),
      );
      expect(wireResponses).toEqual(wireCalls.slice(0, wireResponses.length));

      expect(encoded.tools?.[0]?.functionDeclarations.map((declaration) => declaration.name) ?? []).toEqual(
        declared.map((declaration) => declaration.name),
      );
      const originalSystem = capture.body.systemInstruction as { parts: { text: string }[] } | undefined;
      expect(encoded.systemInstruction?.parts.map((part) => part.text)).toEqual(
        originalSystem?.parts.map((part) => part.text),
      );
      const originalConfig = (capture.body.generationConfig ?? {}) as Record<string, unknown>;
      for (const key of ['temperature', 'topP', 'topK', 'responseMimeType', 'responseJsonSchema']) {
        expect(encoded.generationConfig?.[key]).toEqual(originalConfig[key]);
      }
      if (capture.body.toolConfig)
        expect((encoded as Record<string, unknown>).toolConfig).toEqual(capture.body.toolConfig);
    });
  }

  it('Gemini CLI thinking settings decode to reasoning and come back as a level', () => {
    const capture = captures.find((item) =>
      item.file.startsWith('gemini-text__gemini-cli__POST-v1beta-models-X-generateContent'),
    ) as ClientCapture;
    const { value } = geminiCodec.decodeRequest({ body: bodyOf(capture) });
    expect(value.reasoning).toEqual({ enabled: true, effort: 'high', summary: 'auto' });
    expect(value.responseFormat?.type).toBe('json-schema');
    const encoded = geminiCodec.encodeRequest({ request: value, target }).value as {
      generationConfig: { thinkingConfig: unknown };
    };
    expect(encoded.generationConfig.thinkingConfig).toEqual({ thinkingLevel: 'HIGH', includeThoughts: true });
  });

  it('id-less calls get call_<name>_<n> and responses pair by name and order', () => {
    const { value } = geminiCodec.decodeRequest({
      body: {
        model: 'gemini-2.5-flash',
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'read', args: { p: 1 } } },
              { functionCall: { name: 'list', args: {} } },
              { functionCall: { name: 'read', args: { p: 2 } } },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'read', response: { output: 'one' } } },
              { functionResponse: { name: 'list', response: { output: 'ls' } } },
              { functionResponse: { name: 'read', response: { error: 'two' } } },
            ],
          },
        ],
      },
    });
    const calls = value.messages[1]?.content.map((part) => (part.type === 'tool-call' ? part.id : undefined));
    expect(calls).toEqual(['call_read_0', 'call_list_1', 'call_read_2']);
    const results = value.messages[2]?.content.map((part) =>
      part.type === 'tool-result' ? [part.toolCallId, part.isError ?? false, part.content[0]] : undefined,
    );
    expect(results).toEqual([
      ['call_read_0', false, { type: 'text', text: '{"output":"one"}' }],
      ['call_list_1', false, { type: 'text', text: '{"output":"ls"}' }],
      ['call_read_2', true, { type: 'text', text: '{"error":"two"}' }],
    ]);
  });

  it('rejects invalid input naming the field', () => {
    const decode = (body: unknown) => () => geminiCodec.decodeRequest({ body });
    expect(decode({ model: 'm', contents: 'hi' })).toThrow(/contents must be an array/);
    expect(decode({ model: 'm', contents: [{ role: 'assistant', parts: [] }] })).toThrow(
      /contents\[0\]\.role/,
    );
    expect(
      decode({ model: 'm', contents: [{ role: 'user', parts: [{ functionCall: { args: {} } }] }] }),
    ).toThrow(/contents\[0\]\.parts\[0\]\.functionCall\.name/);
    expect(decode({ model: 'm', contents: [], generationConfig: { candidateCount: 2 } })).toThrow(
      /candidateCount/,
    );
    expect(decode({ model: 'm', contents: [], generationConfig: { temperature: 'hot' } })).toThrow(
      /generationConfig\.temperature/,
    );
    expect(decode({ contents: [] })).toThrow(/model/);
  });

  it('keeps temperature 0, builtin tools, tool choice and unmodelled fields', () => {
    const { value } = geminiCodec.decodeRequest({
      body: {
        model: 'models/gemini-2.5-pro',
        contents: [
          {
            role: 'user',
            parts: [
              { text: 'hi' },
              { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
              { fileData: { fileUri: 'gs://bucket/doc.pdf', mimeType: 'application/pdf' } },
              { executableCode: { language: 'PYTHON', code: 'print(1)' } },
            ],
          },
        ],
        tools: [
          { googleSearch: {} },
          { codeExecution: {} },
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: { type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true } } },
              },
            ],
          },
        ],
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
        generationConfig: {
          temperature: 0,
          stopSequences: ['END'],
          seed: 7,
          responseModalities: ['TEXT'],
          thinkingConfig: { thinkingBudget: 0 },
        },
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        cachedContent: 'cachedContents/abc',
      },
    });
    expect(value.model).toBe('gemini-2.5-pro');
    expect(value.temperature).toBe(0);
    expect(value.seed).toBe(7);
    expect(value.toolChoice).toEqual({ type: 'tool', name: 'f' });
    expect(value.reasoning).toEqual({ enabled: false });
    expect(value.tools.map((tool) => [tool.type, tool.name])).toEqual([
      ['builtin', 'web_search'],
      ['builtin', 'code_execution'],
      ['function', 'f'],
    ]);
    expect(value.tools[2]).toMatchObject({
      inputSchema: { type: 'object', properties: { a: { type: ['string', 'null'] } } },
    });
    expect(value.messages[0]?.content.map((part: ContentPart) => part.type)).toEqual([
      'text',
      'image',
      'file',
      'opaque',
    ]);
    expect(value.extra?.fields).toEqual({
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      generationConfig: { responseModalities: ['TEXT'] },
    });
    const encoded = geminiCodec.encodeRequest({
      request: value,
      target: { ...target, model: 'gemini-2.5-pro' },
    }).value;
    expect(encoded).toMatchObject({
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      tools: [
        {
          functionDeclarations: [
            {
              name: 'f',
              parameters: { type: 'object', properties: { a: { type: 'string', nullable: true } } },
            },
          ],
        },
        { googleSearch: {} },
        { codeExecution: {} },
      ],
      generationConfig: {
        temperature: 0,
        stopSequences: ['END'],
        seed: 7,
        responseModalities: ['TEXT'],
        thinkingConfig: { thinkingBudget: 128, includeThoughts: false },
      },
    });
    expect((encoded.contents as WireContent[])[0]?.parts).toEqual([
      { text: 'hi' },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { fileData: { fileUri: 'gs://bucket/doc.pdf', mimeType: 'application/pdf' } },
      { executableCode: { language: 'PYTHON', code: 'print(1)' } },
    ]);
  });

  it('countTokens bodies decode in both shapes', () => {
    const [capture] = loadClientCaptures(/^sdk-genai-count-tokens/);
    const plain = decodeGeminiCountTokensRequest({ ...capture?.body, model: 'gemini-2.5-flash' }).value;
    expect(plain.messages[0]?.content).toEqual([
      { type: 'text', text: 'Reply with exactly the word PONG and nothing else.' },
    ]);
    const wrapped = decodeGeminiCountTokensRequest({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: capture?.body.contents,
        systemInstruction: { parts: [{ text: 'sys' }] },
      },
    }).value;
    expect(wrapped.model).toBe('gemini-2.5-flash');
    expect(wrapped.system).toEqual([{ type: 'text', text: 'sys' }]);
  });
});

describe('encodeRequest for requests from other clients', () => {
  const request: CanonicalRequest = {
    model: 'claude-sonnet',
    system: [{ type: 'text', text: 'You are Claude Code.' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'read the file' }] },
      { role: 'system', content: [{ type: 'text', text: 'mid-conversation reminder' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'let me think',
            signature: { origin: 'anthropic', value: 'anthropic-sig' },
          },
          { type: 'text', text: 'Reading.' },
          {
            type: 'tool-call',
            id: 'toolu_1',
            name: 'Read',
            arguments: '{"file_path":"/a"}',
            kind: 'function',
          },
          {
            type: 'tool-call',
            id: 'toolu_2',
            name: 'Read',
            arguments: '{"file_path":"/b"}',
            kind: 'function',
          },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'file a' }] },
          {
            type: 'tool-result',
            toolCallId: 'toolu_2',
            isError: true,
            content: [
              { type: 'text', text: 'missing' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            ],
          },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'gemini thought', signature: { origin: 'gemini', value: 'gem-sig' } },
          { type: 'text', text: 'Done.' },
          { type: 'reasoning', text: '', signature: { origin: 'gemini', value: 'text-sig' } },
        ],
      },
    ],
    tools: [
      {
        type: 'function',
        name: 'Read',
        inputSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: { file_path: { type: 'string' } },
          required: ['file_path'],
          additionalProperties: false,
        },
      },
      {
        type: 'function',
        name: 'TaskList',
        inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      },
      { type: 'builtin', name: 'web_search', protocol: 'anthropic', value: { type: 'web_search_20250305' } },
      { type: 'builtin', name: 'computer', protocol: 'anthropic', value: { type: 'computer_20250124' } },
    ],
    toolChoice: { type: 'required' },
    maxOutputTokens: 32000,
    temperature: 0,
    stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'],
    reasoning: { enabled: true, effort: 'medium' },
    responseFormat: {
      type: 'json-schema',
      schema: { $schema: 'x', type: 'object', properties: { a: { type: 'string' } } },
    },
    metadata: { userId: 'u' },
    stream: true,
  };

  it('builds a body Gemini accepts and says what it changed', () => {
    const { value, warnings } = geminiCodec.encodeRequest({ request, target });
    const body = value as { contents: WireContent[] } & Record<string, unknown>;
    expect(body.model).toBeUndefined();
    expect(body.stream).toBeUndefined();
    expect(body.systemInstruction).toEqual({
      parts: [{ text: 'You are Claude Code.' }, { text: 'mid-conversation reminder' }],
    });
    expect(body.contents.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model']);
    expect(body.contents[1]?.parts).toEqual([
      { text: 'Reading.' },
      {
        functionCall: { id: 'toolu_1', name: 'Read', args: { file_path: '/a' } },
        thoughtSignature: DUMMY_THOUGHT_SIGNATURE,
      },
      { functionCall: { id: 'toolu_2', name: 'Read', args: { file_path: '/b' } } },
    ]);
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { id: 'toolu_1', name: 'Read', response: { output: 'file a' } } },
      { functionResponse: { id: 'toolu_2', name: 'Read', response: { error: 'missing' } } },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
    ]);
    expect(body.contents[3]?.parts).toEqual([
      { text: 'gemini thought', thought: true, thoughtSignature: 'gem-sig' },
      { text: 'Done.', thoughtSignature: 'text-sig' },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'Read',
            parameters: {
              type: 'object',
              properties: { file_path: { type: 'string' } },
              required: ['file_path'],
            },
          },
          { name: 'TaskList' },
        ],
      },
      { googleSearch: {} },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 32000,
      temperature: 0,
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
      thinkingConfig: { thinkingLevel: 'MEDIUM', includeThoughts: true },
    });
    const codes = warnings.map((warning) => warning.code);
    for (const code of [
      'system-message-moved',
      'reasoning-dropped',
      'gemini-thought-signature-missing',
      'tool-result-media-moved',
      'builtin-tool-dropped',
      'stop-sequences-truncated',
      'request-fields-dropped',
      'schema-keywords-dropped',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('maps reasoning to a budget for Gemini 2.5', () => {
    const encode = (reasoning: CanonicalRequest['reasoning'], model: string) =>
      (
        geminiCodec.encodeRequest({ request: { ...request, reasoning }, target: { ...target, model } }).value
          .generationConfig as Record<string, unknown>
      ).thinkingConfig;
    expect(encode({ enabled: true, budgetTokens: 4000 }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: 4000,
      includeThoughts: true,
    });
    expect(encode({ enabled: true, adaptive: true }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: -1,
      includeThoughts: true,
    });
    expect(encode({ enabled: false }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: 0,
      includeThoughts: false,
    });
    expect(encode({ enabled: true, budgetTokens: 20000 }, 'gemini-3-flash-preview')).toEqual({
      thinkingLevel: 'HIGH',
      includeThoughts: true,
    });
  });
});
