import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { SseEvent, StreamEvent, TargetContext } from '../../../main/core/protocols/canonical';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';

/** A `*.chunks.txt` recording as the Chat SSE body a provider sends. */
export function chatSseFromPayloads(payloads: string[]): string {
  return payloads.map((payload) => `data: ${payload}\n\n`).join('') + 'data: [DONE]\n\n';
}

/** SSE text → events, with the same parser the server uses. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ ...(event.event ? { event: event.event } : {}), data: event.data }),
  });
  parser.feed(text);
  return events;
}

/** The JSON payloads of an SSE text (skipping `[DONE]`). */
export function ssePayloads(text: string): Record<string, unknown>[] {
  return parseSse(text)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

function clientFor(response: () => Response): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://upstream.invalid/v1',
    maxRetries: 0,
    fetch: async () => response(),
  });
}

/** What the official SDK's stream helper makes of a Chat SSE body. */
export async function sdkFinalFromSse(sse: string): Promise<ChatCompletion> {
  const client = clientFor(() => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }));
  return client.chat.completions
    .stream({ model: 'client-model', messages: [{ role: 'user', content: 'hi' }] })
    .finalChatCompletion();
}

/** What the official SDK returns for a Chat JSON body. */
export async function sdkCreateFromJson(body: unknown): Promise<ChatCompletion> {
  const client = clientFor(
    () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
  );
  return client.chat.completions.create({
    model: 'client-model',
    messages: [{ role: 'user', content: 'hi' }],
  });
}

export const TEST_TARGET: TargetContext = {
  providerId: 'test',
  baseUrl: 'https://api.example.com/v1',
  model: 'upstream-model',
};

/** Upstream SSE → our decoder → canonical events (with [DONE] and end() like the server does). */
export function decodeSse(
  sse: string,
  target: TargetContext = TEST_TARGET,
): { events: StreamEvent[]; warnings: string[] } {
  const decoder = openaiChatCodec.createStreamDecoder({ target });
  const events: StreamEvent[] = [];
  for (const event of parseSse(sse)) events.push(...decoder.push(event));
  events.push(...decoder.end());
  return { events, warnings: decoder.warnings.map((warning) => warning.code) };
}

/** Canonical events → our encoder → Chat SSE for a client. */
export function encodeEvents(events: StreamEvent[]): string {
  const encoder = openaiChatCodec.createStreamEncoder({
    client: { requestModel: 'client-model', responseId: 'resp_test' },
  });
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

/** reasoning_content / reasoning text of a Chat stream, read from the raw chunks (the SDK drops it). */
export function rawReasoning(payloads: Record<string, unknown>[]): string {
  let text = '';
  for (const payload of payloads) {
    const choices = Array.isArray(payload.choices) ? (payload.choices as Record<string, unknown>[]) : [];
    const delta = choices[0]?.delta as Record<string, unknown> | undefined;
    if (!delta) continue;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string') text += reasoning;
  }
  return text;
}
