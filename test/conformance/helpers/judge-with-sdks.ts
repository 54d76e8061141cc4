// The official SDKs as judges of bytes our encoders wrote: each SDK gets a
// fetch that answers with exactly those bytes, so nothing touches the network.
import Anthropic from '@anthropic-ai/sdk';
import type { BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { createParser } from 'eventsource-parser';
import type { SseEvent } from '../../../main/core/protocols/canonical';

function answering(body: string, contentType: string): typeof fetch {
  return async () => new Response(body, { headers: { 'content-type': contentType } });
}

/** `messages.stream(...).finalMessage()` on the beta client (what Claude Code uses). */
export async function anthropicSdkReadsStream(sse: string): Promise<BetaMessage> {
  const client = new Anthropic({
    apiKey: 'k',
    baseURL: 'http://sdk.invalid',
    maxRetries: 0,
    fetch: answering(sse, 'text/event-stream'),
  });
  return client.beta.messages
    .stream({ model: 'claude-test', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
    .finalMessage();
}

export async function anthropicSdkReadsJson(body: unknown): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'k',
    baseURL: 'http://sdk.invalid',
    maxRetries: 0,
    fetch: answering(JSON.stringify(body), 'application/json'),
  });
  return client.messages.create({
    model: 'claude-test',
    max_tokens: 16,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

export async function chatSdkReadsStream(sse: string): Promise<ChatCompletion> {
  const client = new OpenAI({
    apiKey: 'k',
    baseURL: 'http://sdk.invalid/v1',
    maxRetries: 0,
    fetch: answering(sse, 'text/event-stream'),
  });
  return client.chat.completions
    .stream({ model: 'client-model', messages: [{ role: 'user', content: 'hi' }] })
    .finalChatCompletion();
}

export async function chatSdkReadsJson(body: unknown): Promise<ChatCompletion> {
  const client = new OpenAI({
    apiKey: 'k',
    baseURL: 'http://sdk.invalid/v1',
    maxRetries: 0,
    fetch: answering(JSON.stringify(body), 'application/json'),
  });
  return client.chat.completions.create({
    model: 'client-model',
    messages: [{ role: 'user', content: 'hi' }],
  });
}

/** SSE text → events, with the parser the server uses. */
export function parseSseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ ...(event.event ? { event: event.event } : {}), data: event.data }),
  });
  parser.feed(text);
  return events;
}
