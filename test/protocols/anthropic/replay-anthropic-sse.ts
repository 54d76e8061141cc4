import Anthropic from '@anthropic-ai/sdk';
import type { BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { ClientContext, StreamEvent, TargetContext } from '../../../main/core/protocols/canonical';
import { anthropicCodec } from '../../../main/core/protocols/anthropic';

export const TARGET: TargetContext = {
  providerId: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  model: 'claude-test',
};

export function clientContext(requestModel: string): ClientContext {
  return { requestModel, responseId: 'msg_local_1' };
}

/** Recorded chunk lines as Anthropic frames them: the event name is the payload's `type`. */
export function toSse(lines: string[]): string {
  return lines
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('');
}

/** Some recordings hold several HTTP responses back to back (multi-step runs): one list per response. */
export function splitResponses(lines: string[]): string[][] {
  const responses: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    const type = (JSON.parse(line) as { type: string }).type;
    if (
      type === 'message_start' &&
      current.some((item) => (JSON.parse(item) as { type: string }).type === 'message_stop')
    ) {
      responses.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) responses.push(current);
  return responses;
}

/** Upstream chunk lines → canonical events (as the proxy's upstream side sees them). */
export function decodeLines(lines: string[]): StreamEvent[] {
  const decoder = anthropicCodec.createStreamDecoder({ target: TARGET });
  const events: StreamEvent[] = [];
  for (const line of lines)
    events.push(...decoder.push({ event: (JSON.parse(line) as { type: string }).type, data: line }));
  events.push(...decoder.end());
  return events;
}

/** Canonical events → the SSE text an Anthropic client receives. */
export function encodeEvents(events: StreamEvent[], requestModel: string): string {
  const encoder = anthropicCodec.createStreamEncoder({ client: clientContext(requestModel) });
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

/**
 * The official SDK's reading of an SSE body: the judge of what we emit. The
 * beta stream is what Claude Code uses and it also accumulates mcp_tool_use
 * input and compaction blocks, which the GA stream ignores.
 */
export async function parseWithSdk(sse: string): Promise<BetaMessage> {
  const client = new Anthropic({
    apiKey: 'test-key',
    baseURL: 'http://sdk.invalid',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.beta.messages
    .stream({ model: 'claude-test', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
    .finalMessage();
}

/** Parsed SSE frames of our own output, for grammar assertions. */
export function parseFrames(sse: string): { event: string; data: Record<string, unknown> }[] {
  return sse
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const lines = chunk.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
