import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import {
  startScriptedUpstream,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// A Chat provider with `think_tag: think` answers `<think>…</think>answer` in
// `content`. A Chat client (the OpenAI SDK) gets it split like any other client:
// the reasoning in `reasoning_content`, the answer in `content` — JSON and
// stream, with the tags cut anywhere across chunks. A provider without a think
// tag stays a passthrough: its bytes reach the client unchanged.

const REASONING = 'The user greets me; answer briefly.';
const ANSWER = 'Hello there!';
const WHOLE = `<think>${REASONING}</think>\n\n${ANSWER}`;

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-t',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'qwen3-local',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;
}

/** The answer cut at awkward places: inside both tags and right after the closing one. */
const PIECES = ['<thi', 'nk>The user greets', ' me; answer briefly.</th', 'ink>', '\n\nHello', ' there!'];
const FRAMES = [
  chunk({ role: 'assistant', content: '' }),
  ...PIECES.map((piece) => chunk({ content: piece })),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({
    id: 'chatcmpl-t',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'qwen3-local',
    choices: [],
    usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
  })}\n\n`,
  'data: [DONE]\n\n',
];
const JSON_ANSWER = {
  id: 'chatcmpl-t',
  object: 'chat.completion',
  created: 1,
  model: 'qwen3-local',
  choices: [{ index: 0, message: { role: 'assistant', content: WHOLE }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
};

interface ReasonedDelta {
  content?: string | null;
  reasoning_content?: string | null;
}

describe('think_tag for a Chat client (OpenAI SDK → ais → Chat provider)', () => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((request): UpstreamReply =>
      request.json.stream === true ? { kind: 'sse', frames: FRAMES } : { kind: 'json', body: JSON_ANSWER },
    );
    running = await startEngine(`
providers:
  tagged: { base_url: ${upstream.url}/tagged, api_key: k, think_tag: think }
  plain: { base_url: ${upstream.url}/plain, api_key: k }
routes:
  r-tagged: { provider: tagged, default_model: qwen3-local }
  r-plain: { provider: plain, default_model: qwen3-local }
`);
  });

  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  const client = (routeKey: string): OpenAI =>
    new OpenAI({ apiKey: routeKey, baseURL: `${running.url}/v1`, maxRetries: 0 });

  it('JSON: reasoning_content holds the thinking, content the answer', async () => {
    const completion = await client('r-tagged').chat.completions.create({
      model: 'qwen3',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = completion.choices[0]!.message as (typeof completion.choices)[0]['message'] &
      ReasonedDelta;
    expect(message.content).toBe(ANSWER);
    expect(message.reasoning_content).toBe(REASONING);
    expect(completion.usage?.total_tokens).toBe(14);
  });

  it('stream: tags cut across chunks still split, nothing of either lost', async () => {
    const stream = await client('r-tagged').chat.completions.create({
      model: 'qwen3',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let content = '';
    let reasoning = '';
    let finish: string | null = null;
    for await (const part of stream) {
      const choice = part.choices[0];
      if (!choice) continue;
      const delta = choice.delta as ReasonedDelta;
      content += delta.content ?? '';
      reasoning += delta.reasoning_content ?? '';
      finish = choice.finish_reason ?? finish;
    }
    expect(content).toBe(ANSWER);
    expect(reasoning).toBe(REASONING);
    expect(content).not.toContain('<');
    expect(finish).toBe('stop');
  });

  it('a provider without a think tag stays a passthrough: the bytes come back unchanged', async () => {
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer r-plain', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen3', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(await response.text()).toBe(FRAMES.join(''));
  });
});
