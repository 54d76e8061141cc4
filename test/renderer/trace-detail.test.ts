import { describe, expect, it } from 'vitest';
import { assembleResponse } from '../../renderer/src/pages/traces/detail/assemble-response';
import { buildCurlCommand } from '../../renderer/src/pages/traces/detail/build-curl-command';
import { buildTicks, buildWaterfall } from '../../renderer/src/pages/traces/detail/build-waterfall';
import { computeBodyDiff } from '../../renderer/src/pages/traces/detail/compute-body-diff';
import { describeDecision } from '../../renderer/src/pages/traces/detail/describe-decision';
import { parseBody } from '../../renderer/src/pages/traces/detail/parse-body';

const sse = (events: [string | undefined, object][]): string =>
  events.map(([name, data]) => `${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`).join('');

describe('reading a response back', () => {
  it('assembles an Anthropic stream: thinking, text, a tool call, stop reason and usage', () => {
    const body = sse([
      [
        'message_start',
        { type: 'message_start', message: { usage: { input_tokens: 12, cache_read_input_tokens: 4 } } },
      ],
      [
        'content_block_start',
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      ],
      [
        'content_block_start',
        { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hel' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'lo' } },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 't1', name: 'get_weather', input: {} },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: '{"city":' },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
        },
      ],
      [
        'message_delta',
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const assembled = assembleResponse(body);
    expect(assembled).toMatchObject({
      protocol: 'anthropic',
      streamed: true,
      text: 'Hello',
      thinking: 'hmm',
      toolCalls: [{ id: 't1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      stopReason: 'tool_use',
      usage: { input_tokens: 12, cache_read_input_tokens: 4, output_tokens: 7 },
    });
    expect(assembled.events).toHaveLength(11);
    expect(assembled.events[0]?.position).toBe(0);
    expect(assembled.events.at(-1)?.position).toBeGreaterThan(0.8);
  });

  it('assembles OpenAI Chat chunks, Responses events, Gemini and plain JSON bodies', () => {
    const chat =
      sse([
        [undefined, { choices: [{ index: 0, delta: { role: 'assistant', content: 'o' } }] }],
        [undefined, { choices: [{ index: 0, delta: { content: 'k', reasoning_content: 'r' } }] }],
        [
          undefined,
          {
            choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 1 } },
          },
        ],
      ]) + 'data: [DONE]\n\n';
    expect(assembleResponse(chat)).toMatchObject({
      protocol: 'openai-chat',
      text: 'ok',
      thinking: 'r',
      stopReason: 'stop',
      usage: { prompt_tokens: 3, completion_tokens: 2, 'prompt_tokens_details.cached_tokens': 1 },
    });
    const responses = sse([
      [
        'response.output_item.added',
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { type: 'function_call', name: 'ls', call_id: 'c1' },
        },
      ],
      [
        'response.function_call_arguments.delta',
        { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{}' },
      ],
      [
        'response.completed',
        {
          type: 'response.completed',
          response: { status: 'completed', usage: { input_tokens: 5, output_tokens: 1 } },
        },
      ],
    ]);
    expect(assembleResponse(responses)).toMatchObject({
      protocol: 'openai-responses',
      toolCalls: [{ name: 'ls', id: 'c1', arguments: '{}' }],
      stopReason: 'completed',
      usage: { input_tokens: 5, output_tokens: 1 },
    });
    const gemini = JSON.stringify([
      { candidates: [{ content: { parts: [{ text: 'thought', thought: true }, { text: 'Hi' }] } }] },
      {
        candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 4 },
      },
    ]);
    expect(assembleResponse(gemini)).toMatchObject({
      protocol: 'gemini',
      text: 'Hi!',
      thinking: 'thought',
      stopReason: 'STOP',
      streamed: true,
    });
    const message = JSON.stringify({
      type: 'message',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1 },
    });
    expect(assembleResponse(message)).toMatchObject({
      protocol: 'anthropic',
      streamed: false,
      text: 'ok',
      stopReason: 'end_turn',
    });
    expect(parseBody('not json').kind).toBe('text');
  });
});

describe('diffing two bodies', () => {
  it('compares JSON structurally: key order is not a change, a changed value is', () => {
    const diff = computeBodyDiff('{"b":1,"a":{"x":1}}', '{"a":{"x":2},"b":1}');
    expect(diff.mode).toBe('json');
    expect(
      diff.lines.filter((line) => line.kind === 'removed').map((line) => 'text' in line && line.text.trim()),
    ).toEqual(['"x": 1']);
    expect(
      diff.lines.filter((line) => line.kind === 'added').map((line) => 'text' in line && line.text.trim()),
    ).toEqual(['"x": 2']);
  });

  it('folds long unchanged stretches and handles a megabyte', () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ index, text: `message number ${index}` }));
    const changed = items.map((item) => (item.index === 10_000 ? { ...item, text: 'changed' } : item));
    const started = performance.now();
    const diff = computeBodyDiff(JSON.stringify({ items }), JSON.stringify({ items: changed }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(JSON.stringify({ items }).length).toBeGreaterThan(700_000);
    expect(diff.added).toBe(1);
    expect(diff.removed).toBe(1);
    expect(diff.lines.filter((line) => line.kind === 'fold')).toHaveLength(2);
    expect(diff.lines.length).toBeLessThan(20);
  });
});

describe('the waterfall', () => {
  const timings = {
    receivedAt: 1_000,
    routedAt: 1_002,
    firstTokenAt: 1_400,
    lastByteAt: 1_900,
    clientDoneAt: 1_910,
  };

  it('draws the request and one lane per attempt on one axis, the failed try in its own lane', () => {
    const waterfall = buildWaterfall({
      timings,
      startedAt: 1_000,
      running: false,
      now: 99_999,
      attempts: [
        {
          providerId: 'a',
          keyIndex: 0,
          url: 'u',
          status: 429,
          error: 'rate limited',
          startedAt: 1_003,
          headersAt: 1_100,
          endedAt: 1_110,
        },
        {
          providerId: 'b',
          keyIndex: 0,
          url: 'u',
          status: 200,
          startedAt: 1_111,
          headersAt: 1_300,
          firstByteAt: 1_400,
          endedAt: 1_900,
        },
      ],
    });
    expect(waterfall.totalMs).toBe(910);
    expect(waterfall.lanes.map((lane) => lane.laneId)).toEqual(['request', 'attempt-0', 'attempt-1']);
    expect(waterfall.lanes[1]?.segments.map((segment) => segment.kind)).toEqual(['failed', 'failed']);
    expect(
      waterfall.lanes[2]?.segments.map((segment) => [segment.kind, segment.startMs, segment.endMs]),
    ).toEqual([
      ['connect', 111, 300],
      ['waiting', 300, 400],
      ['streaming', 400, 900],
    ]);
  });

  it('grows with the clock while the request runs', () => {
    const running = (now: number) =>
      buildWaterfall({
        timings: { receivedAt: 1_000, routedAt: 1_001 },
        startedAt: 1_000,
        running: true,
        now,
        attempts: [
          { providerId: 'a', keyIndex: 0, url: 'u', startedAt: 1_002, headersAt: 1_050, firstByteAt: 1_100 },
        ],
      });
    expect(running(1_500).totalMs).toBe(500);
    expect(running(2_500).totalMs).toBe(1_500);
    expect(running(2_500).lanes[1]?.segments.at(-1)).toMatchObject({
      kind: 'streaming',
      endMs: 1_500,
      open: true,
    });
  });

  it('puts ticks on round steps', () => {
    expect(buildTicks(910, 5)).toEqual([0, 200, 400, 600, 800]);
    expect(buildTicks(0.5, 2)).toEqual([0, 0.5]);
  });
});

describe('the decision in words', () => {
  it('reads route, scene, rule, fallbacks and attempts from the stored decision', () => {
    const steps = describeDecision(
      {
        route: 'Claude Code',
        matchedBy: 'route-key',
        scene: 'think',
        rule: 'scene_map.think',
        requestedModel: 'claude-opus',
        providerId: 'deepseek',
        model: 'deepseek-reasoner',
        fallbacks: [{ providerId: 'openai', model: 'gpt-5' }],
      },
      [
        { providerId: 'deepseek', status: 429, error: 'rate limited' },
        { providerId: 'openai', status: 200 },
      ],
    );
    expect(steps.map((step) => step.kind)).toEqual([
      'route',
      'scene',
      'rule',
      'fallbacks',
      'attempt',
      'attempt',
    ]);
    expect(steps[2]).toEqual({
      kind: 'rule',
      rule: 'scene_map.think',
      requestedModel: 'claude-opus',
      model: 'deepseek-reasoner',
      providerId: 'deepseek',
    });
    expect(steps[4]).toMatchObject({ number: 1, last: false, status: 429 });
    expect(describeDecision(undefined, [])).toEqual([]);
  });
});

describe('copy as curl', () => {
  it('uses the route key in the protocol header, drops the stored auth headers, and quotes for the shell', () => {
    const command = buildCurlCommand({
      baseUrl: 'http://127.0.0.1:4000/',
      path: '/v1/messages',
      protocol: 'anthropic',
      body: `{"text":"it's"}`,
      headers: {
        'x-api-key': '[redacted]',
        authorization: 'Bearer sk-provider',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      routeKey: 'sk-ais-route',
    });
    expect(command).toContain(`curl 'http://127.0.0.1:4000/v1/messages'`);
    expect(command).toContain(`-H 'x-api-key: sk-ais-route'`);
    expect(command).toContain(`-H 'anthropic-version: 2023-06-01'`);
    expect(command).not.toContain('sk-provider');
    expect(command).not.toContain('[redacted]');
    expect(command).toContain(`--data-raw '{"text":"it'\\''s"}'`);
    const placeholder = buildCurlCommand({
      baseUrl: 'http://h',
      path: '/v1/chat/completions',
      protocol: 'openai-chat',
      body: '{}',
    });
    expect(placeholder).toContain('-H "Authorization: Bearer $AIS_ROUTE_KEY"');
  });
});
