/*
 * Micro-benchmark: a Chat Completions stream of 500 deltas (text, then a tool
 * call) converted to the Anthropic SSE Claude Code reads, through the same
 * decoder → encoder pair the proxy uses. Prints µs per stream and per delta.
 */
import { anthropicCodec } from '../main/core/protocols/anthropic';
import { openaiChatCodec } from '../main/core/protocols/openai-chat';

const DELTAS = 500;
const target = { providerId: 'deepseek', baseUrl: 'https://api.deepseek.com', model: 'deepseek-chat' };
const client = { requestModel: 'claude-sonnet-4-6', responseId: 'msg_bench' };

function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'deepseek-chat',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...extra,
  });
}

const payloads: string[] = [chunk({ role: 'assistant', content: '' })];
for (let index = 0; index < DELTAS - 50; index += 1) payloads.push(chunk({ content: `word${index} ` }));
payloads.push(
  chunk({
    tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '' } }],
  }),
);
for (let index = 0; index < 49; index += 1)
  payloads.push(
    chunk({ tool_calls: [{ index: 0, function: { arguments: index === 0 ? '{"path":"' : 'a' } }] }),
  );
payloads.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }));
payloads.push(
  chunk({}, 'tool_calls', { usage: { prompt_tokens: 1200, completion_tokens: 500, total_tokens: 1700 } }),
);

function convertOnce(): number {
  const decoder = openaiChatCodec.createStreamDecoder({ target });
  const encoder = anthropicCodec.createStreamEncoder({ client });
  let bytes = 0;
  for (const data of payloads) {
    for (const event of decoder.push({ data })) bytes += encoder.push(event).length;
  }
  for (const event of decoder.push({ data: '[DONE]' })) bytes += encoder.push(event).length;
  for (const event of decoder.end()) bytes += encoder.push(event).length;
  bytes += encoder.end().length;
  return bytes;
}

const outputBytes = convertOnce();
for (let warm = 0; warm < 200; warm += 1) convertOnce();
const samples: number[] = [];
for (let run = 0; run < 500; run += 1) {
  const start = process.hrtime.bigint();
  convertOnce();
  samples.push(Number(process.hrtime.bigint() - start) / 1000);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)] ?? 0;
const p99 = samples[Math.floor(samples.length * 0.99)] ?? 0;
console.log('| Chat → Anthropic stream conversion | value |');
console.log('|---|---:|');
console.log(`| deltas per stream | ${payloads.length} |`);
console.log(`| Anthropic SSE bytes out | ${outputBytes} |`);
console.log(`| median per stream | ${median.toFixed(0)} µs |`);
console.log(`| p99 per stream | ${p99.toFixed(0)} µs |`);
console.log(`| median per delta | ${(median / payloads.length).toFixed(2)} µs |`);
