import Anthropic from '@anthropic-ai/sdk';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readChunks, readJson } from '../helpers/fixtures';
import {
  sseFramesOf,
  startScriptedUpstream,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// Claude Code's path: the official Anthropic SDK talks to `ais serve`, which
// converts to Chat Completions for a DeepSeek-style provider replaying real
// recorded DeepSeek traffic.

const DEEPSEEK = path.join(FIXTURES, 'upstream', 'deepseek');
const PROVIDER_KEY = 'sk-deepseek-test-key-0123456789';

interface Reasoned {
  content?: string | null;
  reasoning_content?: string | null;
}

function joinDeltas(file: string, field: keyof Reasoned): string {
  return readChunks(file)
    .map((line) => (JSON.parse(line) as { choices: { delta: Reasoned }[] }).choices[0]?.delta?.[field] ?? '')
    .join('');
}

describe('Anthropic SDK → ais → Chat provider (DeepSeek recordings)', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess;
  let client: Anthropic;
  let nextReply: (body: Record<string, unknown>) => UpstreamReply;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((request) => nextReply(request.json));
    ais = await startAis(
      `
providers:
  deepseek:
    base_url: ${upstream.url}
    api_key: \${TEST_DEEPSEEK_KEY}
    format: chat
routes:
  ais-claude:
    provider: deepseek
    default_model: deepseek-chat
    scene_map:
      think: deepseek-reasoner
`,
      { env: { TEST_DEEPSEEK_KEY: PROVIDER_KEY } },
    );
    client = new Anthropic({ apiKey: 'ais-claude', baseURL: ais.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  it('answers a JSON request with the provider text, model name echoed and cache-aware usage', async () => {
    const recorded = readJson(path.join(DEEPSEEK, 'deepseek-text.json')) as {
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number; prompt_cache_hit_tokens?: number };
    };
    nextReply = () => ({ kind: 'json', body: recorded });
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Invent a holiday' }],
    });
    expect(message.model).toBe('claude-sonnet-4-6');
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'text', text: recorded.choices[0]!.message.content }),
    ]);
    expect(message.stop_reason).toBe('max_tokens'); // the recording stopped on length
    const cached = recorded.usage.prompt_cache_hit_tokens ?? 0;
    expect(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0)).toBe(
      recorded.usage.prompt_tokens,
    );
    expect(message.usage.cache_read_input_tokens ?? 0).toBe(cached);
    expect(message.usage.output_tokens).toBe(recorded.usage.completion_tokens);

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe('/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent.json.model).toBe('deepseek-chat');
    expect(sent.json.messages).toEqual([{ role: 'user', content: 'Invent a holiday' }]);
  });

  it('sends non-ASCII text upstream byte-exact, with a Content-Length that counts bytes', async () => {
    const recorded = readJson(path.join(DEEPSEEK, 'deepseek-text.json'));
    nextReply = () => ({ kind: 'json', body: recorded });
    const text = 'Grüße — 你好 🎉 naïve café ½';
    await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: text }],
    });
    const sent = upstream.requests.at(-1)!;
    expect(sent.json.messages).toEqual([{ role: 'user', content: text }]);
    expect(Number(sent.headers['content-length'])).toBe(Buffer.byteLength(sent.body));
    expect(Buffer.byteLength(sent.body)).toBeGreaterThan(sent.body.length);
  });

  it('streams reasoning_content as a thinking block before the text (think scene → reasoner)', async () => {
    const file = path.join(DEEPSEEK, 'deepseek-reasoning.chunks.txt');
    nextReply = () => ({ kind: 'sse', frames: sseFramesOf(file, 'chat') });
    const stream = client.messages.stream({
      model: 'claude-opus-4-5',
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 4000 },
      messages: [{ role: 'user', content: 'How many r in strawberry?' }],
    });
    const message = await stream.finalMessage();
    expect(upstream.requests.at(-1)!.json.model).toBe('deepseek-reasoner');
    expect(upstream.requests.at(-1)!.json.stream_options).toEqual({ include_usage: true });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [thinking, text] = message.content;
    expect(thinking?.type === 'thinking' && thinking.thinking).toBe(joinDeltas(file, 'reasoning_content'));
    expect(text?.type === 'text' && text.text).toBe(joinDeltas(file, 'content'));
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('round-trips a tool call: tool_use out, tool_result back as a tool message with reasoning replayed', async () => {
    const file = path.join(DEEPSEEK, 'deepseek-tool-call.chunks.txt');
    nextReply = () => ({ kind: 'sse', frames: sseFramesOf(file, 'chat') });
    const tools: Anthropic.Tool[] = [
      {
        name: 'weather',
        description: 'Get the weather',
        input_schema: {
          type: 'object',
          properties: { location: { type: 'string' } },
          required: ['location'],
        },
      },
    ];
    const first = await client.messages
      .stream({
        model: 'claude-opus-4-5',
        max_tokens: 8000,
        thinking: { type: 'enabled', budget_tokens: 2000 },
        tools,
        messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({
      type: 'tool_use',
      name: 'weather',
      input: { location: 'San Francisco' },
    });

    nextReply = () => ({ kind: 'json', body: readJson(path.join(DEEPSEEK, 'deepseek-text.json')) });
    await client.messages.create({
      model: 'claude-opus-4-5',
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools,
      messages: [
        { role: 'user', content: 'Weather in San Francisco?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: toolUse!.type === 'tool_use' ? toolUse!.id : '',
              content: '18°C, fog',
            },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    const messages = upstream.requests.at(-1)!.json.messages as Record<string, unknown>[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    const assistant = messages[1] as {
      tool_calls: { id: string; function: { name: string; arguments: string } }[];
      reasoning_content?: string;
    };
    expect(assistant.tool_calls[0]?.function.name).toBe('weather');
    expect(JSON.parse(assistant.tool_calls[0]!.function.arguments)).toEqual({ location: 'San Francisco' });
    expect(assistant.reasoning_content).toBe(joinDeltas(file, 'reasoning_content'));
    expect(messages[2]).toMatchObject({
      role: 'tool',
      tool_call_id: assistant.tool_calls[0]!.id,
      content: '18°C, fog',
    });
    expect(messages[3]).toMatchObject({ role: 'user', content: 'And tomorrow?' });
  });

  it('turns a JSON answer to a streaming request into a proper stream', async () => {
    const recorded = readJson(path.join(DEEPSEEK, 'deepseek-text.json')) as {
      choices: { message: { content: string } }[];
    };
    nextReply = () => ({ kind: 'json', body: recorded });
    const message = await client.messages
      .stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Invent a holiday' }],
      })
      .finalMessage();
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'text', text: recorded.choices[0]!.message.content }),
    ]);
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('sends an image as an image_url data URL', async () => {
    nextReply = () => ({ kind: 'json', body: readJson(path.join(DEEPSEEK, 'deepseek-text.json')) });
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    const content = (upstream.requests.at(-1)!.json.messages as { content: unknown }[])[0]!.content;
    expect(content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
      { type: 'text', text: 'What is this?' },
    ]);
  });

  it('answers an upstream 400 as an Anthropic error with the provider message and status', async () => {
    nextReply = () => ({
      kind: 'json',
      status: 400,
      body: {
        error: {
          message: 'max_tokens is too large: 64000. This model supports at most 8192',
          type: 'invalid_request_error',
        },
      },
    });
    const failure = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 8000, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(
      'This model supports at most 8192',
    );
  });

  it('keeps Retry-After on a 429 after the only key is rate limited', async () => {
    nextReply = () => ({
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
    });
    const failure = (await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(failure).toBeInstanceOf(Anthropic.RateLimitError);
    expect(failure.headers?.get('retry-after')).toBe('7');
  });

  it('counts tokens locally for a Chat provider', async () => {
    const before = upstream.requests.length;
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog' }],
    });
    expect(counted.input_tokens).toBeGreaterThanOrEqual(9);
    expect(counted.input_tokens).toBeLessThan(20);
    expect(upstream.requests.length).toBe(before);
  });

  it('answers a bad request in the Anthropic shape without calling the provider', async () => {
    const before = upstream.requests.length;
    const response = await fetch(`${ais.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'ais-claude' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: 'hello' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/messages/);
    expect(upstream.requests.length).toBe(before);
  });
});
