import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';

// A provider that answers 200 and then cuts the connection half-way through a
// JSON body: the client gets the provider's failure in its own protocol (or,
// for count_tokens, a local count), never an AI Switch internal error.

describe('an upstream JSON body that breaks part-way', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let traces: TraceReader;

  beforeAll(async () => {
    upstream = await startFaultyUpstream((_seen, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      response.write('{"id":"cut","choices":[{"index":0,"message":{"role":"assistant","content":"Half');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    ais = await startAis(`
providers:
  chatty: { base_url: ${upstream.url}/chat, api_key: sk-chatty-test-0123456789, format: chat }
  claude: { base_url: ${upstream.url}/anthropic, api_key: sk-claude-test-0123456789, format: anthropic }
routes:
  ais-codex: { provider: chatty, default_model: deepseek-chat }
  ais-claude: { provider: claude, default_model: claude-sonnet-4-6 }
`);
    openai = new OpenAI({ apiKey: 'ais-codex', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: 'ais-claude', baseURL: ais.url, maxRetries: 0 });
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('compaction through a Chat provider: a 502 naming the provider, in the OpenAI shape', async () => {
    const failure = await openai.responses
      .compact({ model: 'gpt-5-codex', input: [{ role: 'user', content: 'Summarise me.' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const error = failure as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/provider chatty: the response body failed midway/);
    const [trace] = await traces.next(1);
    expect(trace?.status).toBe(502);
  });

  it('count_tokens on an Anthropic provider: counted locally instead, with the reason on the trace', async () => {
    const counted = await anthropic.messages.countTokens({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(upstream.requestsTo('/anthropic').map((seen) => seen.url)).toEqual([
      '/anthropic/v1/messages/count_tokens',
    ]);
    const [trace] = await traces.next(1);
    expect(trace?.warnings.map((warning) => warning.code)).toContain('count-tokens-local');
  });
});
