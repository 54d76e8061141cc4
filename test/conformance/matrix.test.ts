import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
} from '../helpers/scripted-upstream';
import {
  ASK,
  CLIENT_PROTOCOLS,
  PNG_BASE64,
  TOOL_RESULT_TEXT,
  type ClientProtocol,
} from './helpers/drive-sdk-clients';
import {
  PROVIDER_FORMATS,
  SCENARIOS,
  recordingReply,
  recordingTruth,
  type Mode,
  type ProviderFormat,
  type Scenario,
} from './helpers/matrix-recordings';
import type { ClientView } from './helpers/read-client-view';
import type { RecordingTruth } from './helpers/read-recording-truth';
import { upstreamImages, upstreamToolExchange } from './helpers/read-upstream-request';

// The conformance matrix, end to end through `ais serve`: every client
// protocol (official SDK) × every provider format (a fake provider replaying
// real recordings) × JSON and stream × text, tool round trip, reasoning,
// image and cache-aware usage. Same protocol in and out must pass the
// provider's bytes through unchanged.

const PROTOCOL_OF_FORMAT: Record<ProviderFormat, ClientProtocol> = {
  anthropic: 'anthropic',
  chat: 'openai-chat',
  responses: 'openai-responses',
  gemini: 'gemini',
};
const MODES: Mode[] = ['json', 'stream'];

let ais: AisProcess;
const upstreams = {} as Record<ProviderFormat, ScriptedUpstream>;
/** The bytes each fake provider last put on the wire. */
const sentBytes = {} as Record<ProviderFormat, string>;
/** The bytes the client last received from ais, read through a fetch tap. */
let receivedBytes = '';
const realFetch = globalThis.fetch;

function scenarioOf(request: RecordedRequest): Scenario {
  const markers = [...request.body.matchAll(/scenario:(\w+)/g)];
  return (markers.at(-1)?.[1] ?? 'text') as Scenario;
}

function modeOf(format: ProviderFormat, request: RecordedRequest): Mode {
  const stream =
    format === 'gemini' ? request.url.includes(':streamGenerateContent') : request.json.stream === true;
  return stream ? 'stream' : 'json';
}

beforeAll(async () => {
  for (const format of PROVIDER_FORMATS) {
    upstreams[format] = await startScriptedUpstream((request) => {
      const { reply, bytes } = recordingReply(format, scenarioOf(request), modeOf(format, request));
      sentBytes[format] = bytes;
      return reply;
    });
  }
  const providers = PROVIDER_FORMATS.map(
    (format) =>
      `  p-${format}:\n    base_url: ${upstreams[format].url}\n    api_key: sk-${format}-test-key-0123456789\n    format: ${format}\n`,
  ).join('');
  const routes = PROVIDER_FORMATS.map(
    (format) => `  to-${format}:\n    provider: p-${format}\n    default_model: upstream-${format}-model\n`,
  ).join('');
  ais = await startAis(`providers:\n${providers}routes:\n${routes}`);
  // The SDKs use the global fetch; tap ais's answers so passthrough bytes can be compared.
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(ais.url)) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    receivedBytes = new TextDecoder().decode(bytes);
    return new Response(bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await ais?.stop();
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
});

function expectSameAnswer(view: ClientView, truth: RecordingTruth, options = { usage: true }): void {
  expect(view.text).toBe(truth.text);
  expect(view.reasoning).toBe(truth.reasoning);
  expect(view.toolCalls).toEqual(truth.toolCalls);
  if (!options.usage) return;
  expect({ input: view.usage.input, cacheRead: view.usage.cacheRead, output: view.usage.output }).toEqual({
    input: truth.usage.input,
    cacheRead: truth.usage.cacheRead,
    output: truth.usage.output,
  });
  if (view.usage.cacheWrite !== undefined) expect(view.usage.cacheWrite).toBe(truth.usage.cacheWrite);
}

describe.each(CLIENT_PROTOCOLS)('%s client', (client) => {
  describe.each(PROVIDER_FORMATS)('→ %s provider', (format) => {
    const passthrough = PROTOCOL_OF_FORMAT[format] === client;
    describe.each(MODES)('%s', (mode) => {
      it.each(SCENARIOS)('%s', async (scenario) => {
        const truth = recordingTruth(format, scenario, mode);
        const upstream = upstreams[format];
        const before = upstream.requests.length;
        const answer = await ASK[client]({
          baseUrl: ais.url,
          routeKey: `to-${format}`,
          stream: mode === 'stream',
          prompt: `scenario:${scenario} — answer me`,
          image: scenario === 'image',
          thinking: scenario === 'reasoning',
          ...(scenario === 'tool' ? { toolName: truth.toolCalls[0]!.name } : {}),
        });
        expect(upstream.requests.length).toBe(before + 1);
        if (passthrough) {
          // The provider's own bytes: usage reads exactly as recorded (xAI's completion_tokens quirk included).
          expect(receivedBytes).toBe(sentBytes[format]);
          expectSameAnswer(answer.view, truth, { usage: false });
        } else expectSameAnswer(answer.view, truth);

        const sent = upstream.requests.at(-1)!.json;
        if (scenario === 'image')
          expect(upstreamImages(format, sent)).toEqual([{ mediaType: 'image/png', data: PNG_BASE64 }]);
        if (scenario !== 'tool') return;

        const followUp = await answer.answerTool('scenario:text — and now?');
        expectSameAnswer(followUp, recordingTruth(format, 'text', mode), { usage: !passthrough });
        const exchange = upstreamToolExchange(format, upstream.requests.at(-1)!.json);
        expect(exchange, 'the second turn carries the tool call and its result').toBeDefined();
        expect(exchange!.call).toMatchObject({
          name: truth.toolCalls[0]!.name,
          args: truth.toolCalls[0]!.args,
        });
        expect(exchange!.result.link).toBe(exchange!.call.id);
        expect(exchange!.result.text).toContain(TOOL_RESULT_TEXT);
        expect(exchange!.adjacent).toBe(true);
      });
    });
  });
});
