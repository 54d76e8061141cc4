import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProtocolCodec, StreamEvent, TargetContext, Warning } from '../../main/core/protocols/canonical';
import { anthropicCodec } from '../../main/core/protocols/anthropic';
import { openaiChatCodec } from '../../main/core/protocols/openai-chat';
import { listUpstreamFixtures, readChunks, readJson } from '../helpers/fixtures';
import { sseFramesOf } from '../helpers/scripted-upstream';
import {
  anthropicSdkReadsJson,
  anthropicSdkReadsStream,
  chatSdkReadsJson,
  chatSdkReadsStream,
  parseSseEvents,
} from './helpers/judge-with-sdks';
import {
  chatStreamReasoning,
  viewAnthropicMessage,
  viewChatCompletion,
  type ClientView,
} from './helpers/read-client-view';
import {
  anthropicJsonTruth,
  anthropicStreamTruth,
  chatJsonTruth,
  chatStreamTruth,
  type RecordingTruth,
} from './helpers/read-recording-truth';

// Every recorded Anthropic answer converted for a Chat client, and every
// recorded Chat-family answer converted for an Anthropic client, judged by the
// other protocol's official SDK against values read from the recording itself.

const TARGET: TargetContext = {
  providerId: 'recorded',
  baseUrl: 'https://api.example.com/v1',
  model: 'upstream-model',
};
const CLIENT = { requestModel: 'client-model', responseId: 'ais_conformance' };

const CHAT_FOLDERS = ['openai/chat', 'deepseek', 'groq', 'mistral', 'openai-compatible'];
const ANTHROPIC_STREAMS = listUpstreamFixtures('anthropic', /\.chunks\.txt$/);
const ANTHROPIC_JSON = listUpstreamFixtures('anthropic', /\.json$/);
const CHAT_STREAMS = CHAT_FOLDERS.flatMap((folder) => listUpstreamFixtures(folder, /\.(chunks\.txt|sse)$/));
const CHAT_JSON = CHAT_FOLDERS.flatMap((folder) => listUpstreamFixtures(folder, /\.json$/)).filter(
  (file) => 'choices' in (readJson(file) as object),
);

// What each inexpressible block must leave in the trace instead of vanishing.
const STREAM_WARNING_FOR: Record<string, string> = {
  server_tool_use: 'stream-part-dropped',
  web_search_tool_result: 'stream-part-dropped',
  web_fetch_tool_result: 'stream-part-dropped',
  code_execution_tool_result: 'stream-part-dropped',
  bash_code_execution_tool_result: 'stream-part-dropped',
  text_editor_code_execution_tool_result: 'stream-part-dropped',
  tool_search_tool_result: 'stream-part-dropped',
  mcp_tool_use: 'stream-part-dropped',
  mcp_tool_result: 'stream-part-dropped',
  compaction: 'stream-part-dropped',
  fallback: 'stream-part-dropped',
  citations: 'citations-dropped',
};
const JSON_WARNING_FOR: Record<string, string> = Object.fromEntries(
  Object.keys(STREAM_WARNING_FOR).map((type) => [type, 'response-parts-dropped']),
);

// Synthetic broken streams: the client must get an error, never a silent half answer.
const EXPECTED_STREAM_ERRORS: Record<string, RegExp> = {
  'spliced-message-start.chunks.txt': /started message msg_second while msg_first was still open/,
};

/** Multi-step recordings hold several HTTP responses back to back: one list of payloads per response. */
function splitAnthropicResponses(payloads: Record<string, unknown>[]): Record<string, unknown>[][] {
  const responses: Record<string, unknown>[][] = [];
  for (const payload of payloads) {
    const previous = responses.at(-1);
    if (
      !previous ||
      (payload.type === 'message_start' && previous.some((item) => item.type === 'message_stop'))
    )
      responses.push([]);
    responses.at(-1)!.push(payload);
  }
  return responses;
}

function anthropicSse(payloads: Record<string, unknown>[]): string {
  return payloads
    .map((payload) => `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`)
    .join('');
}

const label = (file: string): string => path.relative(path.resolve(file, '..', '..'), file);

function convertStream(
  source: ProtocolCodec,
  client: ProtocolCodec,
  sse: string,
): { sse: string; warnings: Warning[]; events: StreamEvent[] } {
  const decoder = source.createStreamDecoder({ target: TARGET });
  const encoder = client.createStreamEncoder({ client: CLIENT });
  const events: StreamEvent[] = [];
  for (const event of parseSseEvents(sse)) events.push(...decoder.push(event));
  events.push(...decoder.end());
  const out = events.map((event) => encoder.push(event)).join('') + encoder.end();
  return { sse: out, warnings: [...decoder.warnings, ...encoder.warnings], events };
}

function convertJson(
  source: ProtocolCodec,
  client: ProtocolCodec,
  body: unknown,
): { body: unknown; warnings: Warning[] } {
  const decoded = source.decodeResponse({ body, target: TARGET });
  const encoded = client.encodeResponse({ response: decoded.value, client: CLIENT });
  return { body: encoded.value, warnings: [...decoded.warnings, ...encoded.warnings] };
}

function expectSameAnswer(view: ClientView, truth: RecordingTruth): void {
  expect(view.text).toBe(truth.text);
  expect(view.reasoning).toBe(truth.reasoning);
  expect(view.toolCalls).toEqual(truth.toolCalls);
  const { cacheWrite, ...usage } = view.usage;
  expect(usage).toEqual({
    input: truth.usage.input,
    cacheRead: truth.usage.cacheRead,
    output: truth.usage.output,
  });
  if (cacheWrite !== undefined) expect(cacheWrite).toBe(truth.usage.cacheWrite);
}

function expectWarningsFor(truth: RecordingTruth, warnings: Warning[], table: Record<string, string>): void {
  const codes = new Set(warnings.map((warning) => warning.code));
  for (const type of new Set(truth.inexpressible)) {
    expect(table[type], `no expected warning listed for ${type}`).toBeDefined();
    expect([...codes], `${type} dropped without a warning`).toContain(table[type]);
  }
}

function chatSourceSse(file: string): string {
  return file.endsWith('.sse') ? readFileSync(file, 'utf8') : sseFramesOf(file, 'chat').join('');
}

function chatSourcePayloads(file: string): Record<string, unknown>[] {
  const lines = file.endsWith('.sse')
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
        .map((line) => line.slice(6))
    : readChunks(file);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Anthropic recordings → Chat client (openai SDK stream helper)', () => {
  it.each(ANTHROPIC_STREAMS.map((file) => [label(file), file]))('%s', async (_name, file) => {
    const responses = splitAnthropicResponses(
      readChunks(file).map((line) => JSON.parse(line) as Record<string, unknown>),
    );
    const expectedError = EXPECTED_STREAM_ERRORS[path.basename(file)];
    for (const payloads of responses) {
      const converted = convertStream(anthropicCodec, openaiChatCodec, anthropicSse(payloads));
      if (expectedError) {
        await expect(chatSdkReadsStream(converted.sse)).rejects.toThrow(expectedError);
        continue;
      }
      const truth = anthropicStreamTruth(payloads);
      const completion = await chatSdkReadsStream(converted.sse);
      expectSameAnswer(viewChatCompletion(completion, chatStreamReasoning(converted.sse)), truth);
      expectWarningsFor(truth, converted.warnings, STREAM_WARNING_FOR);
    }
  });
});

describe('Anthropic JSON recordings → Chat client (openai SDK create)', () => {
  it.each(ANTHROPIC_JSON.map((file) => [label(file), file]))('%s', async (_name, file) => {
    const truth = anthropicJsonTruth(readJson(file) as Record<string, unknown>);
    const converted = convertJson(anthropicCodec, openaiChatCodec, readJson(file));
    const completion = await chatSdkReadsJson(converted.body);
    expectSameAnswer(viewChatCompletion(completion), truth);
    expectWarningsFor(truth, converted.warnings, JSON_WARNING_FOR);
  });
});

describe('Chat-family recordings → Anthropic client (Anthropic SDK finalMessage)', () => {
  it.each(CHAT_STREAMS.map((file) => [label(file), file]))('%s', async (_name, file) => {
    const truth = chatStreamTruth(chatSourcePayloads(file));
    const converted = convertStream(openaiChatCodec, anthropicCodec, chatSourceSse(file));
    const message = await anthropicSdkReadsStream(converted.sse);
    expectSameAnswer(viewAnthropicMessage(message), truth);
  });
});

describe('Chat-family JSON recordings → Anthropic client (Anthropic SDK create)', () => {
  it.each(CHAT_JSON.map((file) => [label(file), file]))('%s', async (_name, file) => {
    const truth = chatJsonTruth(readJson(file) as Record<string, unknown>);
    const converted = convertJson(openaiChatCodec, anthropicCodec, readJson(file));
    const message = await anthropicSdkReadsJson(converted.body);
    expectSameAnswer(viewAnthropicMessage(message), truth);
  });
});
