import { createParser } from 'eventsource-parser';
import type { ProviderConfig } from '../config/schema';
import type { CallOutput } from '../contract';
import type { CanonicalRequest, StreamEvent } from '../protocols/canonical';
import { codecFor, protocolForFormat } from '../protocols/registry';
import {
  buildUpstreamHeaders,
  providerTimeoutOverrides,
  type UpstreamClient,
  type UpstreamResponse,
} from '../upstream';
import { targetContextOf, upstreamUrlOf } from '../proxy/prepare-for-candidate';

/** A provider test is interactive: give up well before a person would. */
const TEST_TIMEOUT_MS = 30_000;
const TEST_PROMPT = 'Reply with the single word: ok';
const TEST_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Get the current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

export interface ProviderUnderTest {
  id: string;
  provider: ProviderConfig;
  upstream: UpstreamClient;
}

/** The provider's first key: a test checks that the provider answers, not which key. */
function firstKey(provider: ProviderConfig): string {
  return provider.api_key || provider.fallback_keys[0] || '';
}

async function readText(response: UpstreamResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(subject: ProviderUnderTest, url: string, body: string | undefined): Promise<UpstreamResponse> {
  const { provider, upstream } = subject;
  const headers = buildUpstreamHeaders({
    provider,
    format: provider.format,
    apiKey: firstKey(provider),
    passthrough: false,
    ...(body !== undefined ? { bodyLength: Buffer.byteLength(body) } : {}),
  });
  return upstream.send({
    url,
    method: body === undefined ? 'GET' : 'POST',
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
    timeouts: {
      firstByteMs: TEST_TIMEOUT_MS,
      idleMs: TEST_TIMEOUT_MS,
      ...providerTimeoutOverrides(provider),
    },
    useProxy: provider.enable_proxy,
  });
}

/** Where a provider lists its models, per format (the OpenAI, Anthropic and Gemini model-list endpoints). */
function modelsUrl(provider: ProviderConfig): string {
  const base = new URL(provider.base_url);
  const basePath = base.pathname.replace(/\/+$/, '');
  const suffix: Record<ProviderConfig['format'], string> = {
    chat: '/models',
    responses: '/models',
    anthropic: /\/v1$/.test(basePath) ? '/models' : '/v1/models',
    gemini: /\/v1(beta\d*|alpha\d*)?$/.test(basePath) ? '/models' : '/v1beta/models',
  };
  base.pathname = `${basePath}${suffix[provider.format]}`;
  return base.href;
}

/** The provider's own model list (`data[].id`, or Gemini's `models[].name` without `models/`). */
export async function fetchProviderModels(subject: ProviderUnderTest): Promise<string[]> {
  const response = await send(subject, modelsUrl(subject.provider), undefined);
  const text = await readText(response);
  if (response.status >= 400)
    throw new Error(`GET models answered ${response.status}: ${text.slice(0, 200)}`);
  const parsed = JSON.parse(text) as { data?: { id?: unknown }[]; models?: { name?: unknown }[] };
  const ids = parsed.data?.map((entry) => entry.id) ?? parsed.models?.map((entry) => entry.name) ?? [];
  return ids
    .filter((value): value is string => typeof value === 'string')
    .map((name) => name.replace(/^models\//, ''));
}

function testRequest(model: string, options: { stream: boolean; tool: boolean }): CanonicalRequest {
  return {
    model,
    system: [],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: options.tool ? 'What is the weather in Paris? Use the tool.' : TEST_PROMPT },
        ],
      },
    ],
    tools: options.tool ? [TEST_TOOL] : [],
    ...(options.tool ? { toolChoice: { type: 'tool' as const, name: TEST_TOOL.name } } : {}),
    maxOutputTokens: 64,
    stream: options.stream,
  };
}

/** One request in the provider's own protocol, encoded by its codec exactly as the proxy would. */
async function exchange(
  subject: ProviderUnderTest,
  model: string,
  options: { stream: boolean; tool: boolean },
) {
  const { provider } = subject;
  const codec = codecFor(protocolForFormat(provider.format));
  const candidate = { providerId: subject.id, provider, model };
  const target = targetContextOf(candidate);
  const body = JSON.stringify(codec.encodeRequest({ request: testRequest(model, options), target }).value);
  const url = upstreamUrlOf(candidate, options.stream);
  const response = await send(subject, url, body);
  if (response.status >= 400 || !options.stream) {
    const text = await readText(response);
    if (response.status >= 400) {
      const error = codec.decodeError({ status: response.status, body: safeJson(text) });
      throw new Error(`${response.status}: ${error.message}`);
    }
    return codec.decodeResponse({ body: JSON.parse(text) as unknown, target }).value.content;
  }
  const decoder = codec.createStreamDecoder({ target });
  const events: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (message) => events.push(...decoder.push({ event: message.event, data: message.data })),
  });
  const text = new TextDecoder();
  for await (const chunk of response.body) parser.feed(text.decode(chunk as Buffer, { stream: true }));
  events.push(...decoder.end());
  const failure = events.find((event) => event.type === 'response-error');
  if (failure?.type === 'response-error') throw new Error(`stream failed: ${failure.error.message}`);
  if (!events.some((event) => event.type === 'response-finish'))
    throw new Error('the stream ended without finishing');
  return [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A tiny real request to a provider: plain JSON, then streaming, then a forced
 * tool call, each through the provider's codec and the upstream client the
 * proxy uses. `ok` is the plain request; the others report what the provider
 * (or this model) supports.
 */
export async function testProvider(
  subject: ProviderUnderTest,
  requestedModel: string | undefined,
): Promise<CallOutput<'providerTest'>> {
  let models: string[] | undefined;
  try {
    models = await fetchProviderModels(subject);
  } catch {
    // Many compatible providers have no model list; the test does not depend on one.
  }
  const model = requestedModel ?? subject.provider.models[0] ?? models?.[0];
  if (!model) {
    return {
      ok: false,
      latencyMs: 0,
      streaming: false,
      toolCalls: false,
      error: 'no model to test: name one, or list models on the provider',
    };
  }
  const started = performance.now();
  try {
    await exchange(subject, model, { stream: false, tool: false });
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    return {
      ok: false,
      latencyMs,
      model,
      ...(models && { models }),
      streaming: false,
      toolCalls: false,
      error: describe(error),
    };
  }
  const latencyMs = Math.round(performance.now() - started);
  const streaming = await exchange(subject, model, { stream: true, tool: false }).then(
    () => true,
    () => false,
  );
  const toolCalls = await exchange(subject, model, { stream: false, tool: true }).then(
    (content) => content.some((part) => part.type === 'tool-call' && part.name === TEST_TOOL.name),
    () => false,
  );
  return { ok: true, latencyMs, model, ...(models && { models }), streaming, toolCalls };
}
