import type http from 'node:http';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, loadClientCaptures, readChunks, readJson, type ClientCapture } from '../helpers/fixtures';
import {
  answerJson,
  answerSse,
  startFaultyUpstream,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { replayCapture } from '../helpers/replay-capture';
import { sseFramesOf } from '../helpers/scripted-upstream';

// Same protocol in and out: the provider gets the client's body with only the
// model (and auth) changed — unknown fields and vendor/beta headers included —
// and the client gets the provider's bytes unchanged while a tap reads usage.

const UPSTREAM = path.join(FIXTURES, 'upstream');
const FILES = {
  anthropic: path.join(UPSTREAM, 'anthropic/anthropic-text.chunks.txt'),
  responses: path.join(UPSTREAM, 'openai/responses/openai-phase.1.chunks.txt'),
  chat: path.join(UPSTREAM, 'deepseek/deepseek-text.chunks.txt'),
  gemini: path.join(UPSTREAM, 'google/google-text.chunks.txt'),
};
const FRAMES = {
  claude: sseFramesOf(FILES.anthropic, 'anthropic'),
  codex: sseFramesOf(FILES.responses, 'responses'),
  chat: sseFramesOf(FILES.chat, 'chat'),
  gemini: sseFramesOf(FILES.gemini, 'gemini'),
};
/** A provider's JSON answer with a field no SDK knows yet: it must reach the client. */
const CHAT_JSON: Record<string, unknown> = {
  ...(readJson(path.join(UPSTREAM, 'deepseek/deepseek-text.json')) as Record<string, unknown>),
  x_provider_extra: { region: 'cn-1' },
};

const capture = (file: string): ClientCapture => {
  const [found] = loadClientCaptures(new RegExp(`^${file.replaceAll('.', '\\.')}$`));
  if (!found) throw new Error(`missing capture ${file}`);
  return found;
};
const lastRecord = (file: string): Record<string, unknown> =>
  JSON.parse(readChunks(file).at(-1)!) as Record<string, unknown>;

/** Client headers that must reach a same-protocol provider as sent. */
function forwardedHeaders(item: ClientCapture, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, item.headers[name]!]));
}

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const [, provider] = seen.url.split('/');
  if (provider === 'chat' && seen.json.stream !== true) return answerJson(response, 200, CHAT_JSON);
  const frames = FRAMES[provider as keyof typeof FRAMES];
  return answerSse(response, frames);
}

describe('passthrough: same protocol in and out', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startAis(`
providers:
  claude:
    base_url: ${upstream.url}/claude
    format: anthropic
    api_key: sk-ant-provider-claude
  codex:
    base_url: ${upstream.url}/codex
    format: responses
    api_key: sk-provider-codex
  chat:
    base_url: ${upstream.url}/chat
    format: chat
    api_key: sk-provider-chat
  gemini:
    base_url: ${upstream.url}/gemini
    format: gemini
    api_key: provider-gemini-key
routes:
  r-claude: { provider: claude, default_model: claude-upstream }
  r-codex: { provider: codex, default_model: gpt-upstream }
  r-chat: { provider: chat, default_model: chat-upstream }
  r-gemini: { provider: gemini, default_model: gemini-upstream }
`);
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('Claude Code → Anthropic provider: body as sent but the model, unknown fields and beta headers kept, bytes back unchanged', async () => {
    const item = capture('claude-tool-bash__claude-code__POST-v1-messages__02.json');
    // Fields from a newer Claude Code than this proxy knows, at the top and inside a block.
    const messages = structuredClone(item.body.messages) as { content: unknown }[];
    const sent = { ...item.body, messages, future_option: { mode: 'x' } };
    (messages[0]!.content as Record<string, unknown>[])[0]!.future_block_field = 42;
    const response = await replayCapture(ais.url, item, { routeKey: 'r-claude', body: sent });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe(FRAMES.claude.join(''));

    const seen = upstream.requestsTo('/claude').at(-1)!;
    expect(seen.url).toBe('/claude/v1/messages');
    expect(seen.json).toEqual({ ...sent, model: 'claude-upstream' });
    expect(seen.headers).toMatchObject({
      ...forwardedHeaders(item, [
        'anthropic-beta',
        'anthropic-version',
        'user-agent',
        'x-app',
        'x-stainless-package-version',
        'x-claude-code-session-id',
      ]),
      'x-api-key': 'sk-ant-provider-claude',
    });
    expect(seen.headers.authorization).toBeUndefined();

    const [trace] = await traces.next();
    const start = JSON.parse(readChunks(FILES.anthropic)[0]!) as {
      message: { usage: { input_tokens: number } };
    };
    const delta = readChunks(FILES.anthropic)
      .map((line) => JSON.parse(line) as { type: string; usage?: { output_tokens: number } })
      .find((event) => event.type === 'message_delta')!;
    expect(trace).toMatchObject({ status: 200, upstreamModel: 'claude-upstream', error: null });
    expect([trace!.inputTokens, trace!.outputTokens]).toEqual([
      start.message.usage.input_tokens,
      delta.usage!.output_tokens,
    ]);
  });

  it('Codex → Responses provider: body as sent but the model, Codex headers kept, bytes back unchanged, usage tapped', async () => {
    const item = capture('codex-text__codex__POST-v1-responses__01.json');
    const response = await replayCapture(ais.url, item, { routeKey: 'r-codex' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(FRAMES.codex.join(''));

    const seen = upstream.requestsTo('/codex').at(-1)!;
    expect(seen.url).toBe('/codex/responses');
    expect(seen.json).toEqual({ ...item.body, model: 'gpt-upstream' });
    expect(seen.headers).toMatchObject({
      ...forwardedHeaders(item, [
        'session-id',
        'originator',
        'x-codex-window-id',
        'x-codex-beta-features',
        'user-agent',
      ]),
      authorization: 'Bearer sk-provider-codex',
    });

    const [trace] = await traces.next();
    const { usage } = (
      lastRecord(FILES.responses) as {
        response: {
          usage: {
            input_tokens: number;
            output_tokens: number;
            input_tokens_details: { cached_tokens: number };
          };
        };
      }
    ).response;
    expect([trace!.inputTokens, trace!.outputTokens, trace!.cacheReadTokens]).toEqual([
      usage.input_tokens,
      usage.output_tokens,
      usage.input_tokens_details.cached_tokens,
    ]);
  });

  it('Gemini CLI → Gemini provider: body unchanged, the model changes in the URL only, bytes back unchanged', async () => {
    const item = capture('gemini-text__gemini-cli__POST-v1beta-models-X-streamGenerateContent__01.json');
    const response = await replayCapture(ais.url, item, { routeKey: 'r-gemini' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(FRAMES.gemini.join(''));

    const seen = upstream.requestsTo('/gemini').at(-1)!;
    expect(seen.url).toBe('/gemini/v1beta/models/gemini-upstream:streamGenerateContent?alt=sse');
    expect(seen.json).toEqual(item.body);
    expect(seen.headers).toMatchObject({
      ...forwardedHeaders(item, ['x-goog-api-client', 'user-agent']),
      'x-goog-api-key': 'provider-gemini-key',
    });

    const [trace] = await traces.next();
    const metadata = (
      lastRecord(FILES.gemini) as {
        usageMetadata: {
          promptTokenCount: number;
          candidatesTokenCount: number;
          thoughtsTokenCount?: number;
        };
      }
    ).usageMetadata;
    expect([trace!.inputTokens, trace!.outputTokens]).toEqual([
      metadata.promptTokenCount,
      metadata.candidatesTokenCount + (metadata.thoughtsTokenCount ?? 0),
    ]);
  });

  it('OpenAI SDK → Chat provider: a JSON answer reaches the SDK byte for byte, provider-only fields included', async () => {
    const raw = await fetch(`${ais.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer r-chat' },
      body: JSON.stringify({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'hi' }],
        some_vendor_flag: true,
      }),
    });
    expect(await raw.text()).toBe(JSON.stringify(CHAT_JSON));
    expect(upstream.requestsTo('/chat').at(-1)!.json).toEqual({
      model: 'chat-upstream',
      messages: [{ role: 'user', content: 'hi' }],
      some_vendor_flag: true,
    });
    await traces.next();

    const client = new OpenAI({ apiKey: 'r-chat', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect((completion as unknown as { x_provider_extra: unknown }).x_provider_extra).toEqual({
      region: 'cn-1',
    });
    const [trace] = await traces.next();
    const usage = CHAT_JSON.usage as { prompt_tokens: number; completion_tokens: number };
    expect([trace!.inputTokens, trace!.outputTokens]).toEqual([usage.prompt_tokens, usage.completion_tokens]);
  });

  it('OpenAI SDK stream → Chat provider: the SDK reads the provider’s own chunks, usage tapped from the last one', async () => {
    const item = capture('sdk-openai-chat-stream__sdk-openai__POST-v1-chat-completions__01.json');
    const client = new OpenAI({ apiKey: 'r-chat', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      ...(item.body as unknown as OpenAI.ChatCompletionCreateParamsStreaming),
    });
    const ids = new Set<string>();
    let text = '';
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    const lines = readChunks(FILES.chat).map(
      (line) =>
        JSON.parse(line) as { id: string; usage?: { prompt_tokens: number; completion_tokens: number } },
    );
    // The provider's ids, not ones we made up: nothing was re-encoded.
    expect([...ids]).toEqual([lines[0]!.id]);
    expect(text.length).toBeGreaterThan(100);
    expect(upstream.requestsTo('/chat').at(-1)!.json).toEqual({ ...item.body, model: 'chat-upstream' });
    const [trace] = await traces.next();
    const { usage } = lines.at(-1)!;
    expect([trace!.inputTokens, trace!.outputTokens]).toEqual([
      usage!.prompt_tokens,
      usage!.completion_tokens,
    ]);
  });
});
