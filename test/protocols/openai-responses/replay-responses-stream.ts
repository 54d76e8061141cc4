import OpenAI from 'openai';
import type { Response as OpenAIResponse } from 'openai/resources/responses/responses';
import { openaiResponsesCodec } from '../../../main/core/protocols/openai-responses/index';
import type { StreamEvent } from '../../../main/core/protocols/canonical/types';

export const TARGET = { providerId: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-5' };
export const CLIENT = { requestModel: 'client-model', responseId: 'resp_test123' };

/** A recording may hold several responses back to back (multi-step runs): one stream per `response.created`. */
export function splitResponses(lines: string[]): string[][] {
  const streams: string[][] = [];
  for (const line of lines) {
    const isCreated =
      line.includes('"type":"response.created"') || line.includes('"type": "response.created"');
    if (isCreated || streams.length === 0) streams.push([]);
    streams[streams.length - 1]?.push(line);
  }
  return streams;
}

/** The wire framing of a Responses stream: `event: <type>` plus the JSON line. */
export function toSse(lines: string[]): string {
  return lines
    .map((line) => {
      try {
        const type = (JSON.parse(line) as { type?: string }).type;
        return type ? `event: ${type}\ndata: ${line}\n\n` : `data: ${line}\n\n`;
      } catch {
        return `data: ${line}\n\n`;
      }
    })
    .join('');
}

export function parseSseText(text: string): { event?: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const lines = frame.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { ...(event !== undefined ? { event } : {}), data };
    });
}

/** Recording → our decoder → canonical events. */
export function decodeStream(lines: string[]): StreamEvent[] {
  const decoder = openaiResponsesCodec.createStreamDecoder({ target: TARGET });
  const events: StreamEvent[] = [];
  for (const frame of parseSseText(toSse(lines))) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

/** Canonical events → our encoder → SSE text for a client. */
export function encodeStream(events: StreamEvent[]): string {
  const encoder = openaiResponsesCodec.createStreamEncoder({ client: CLIENT });
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

function sdkClient(body: string, contentType: string, status = 200): OpenAI {
  return new OpenAI({
    apiKey: 'x',
    baseURL: 'http://x',
    maxRetries: 0,
    fetch: async () => new Response(body, { status, headers: { 'content-type': contentType } }),
  });
}

/** The openai SDK's own reading of a stream: `responses.stream(...).finalResponse()`. */
export async function sdkStreamFinal(sse: string): Promise<OpenAIResponse> {
  return sdkClient(sse, 'text/event-stream').responses.stream({ model: 'm', input: 'x' }).finalResponse();
}

export async function sdkCreate(json: unknown, status = 200): Promise<OpenAIResponse> {
  return sdkClient(JSON.stringify(json), 'application/json', status).responses.create({
    model: 'm',
    input: 'x',
  });
}

/**
 * The SDK's reading of an original recording. The SDK throws on event types
 * it doesn't know yet (shell_call_command.*, apply_patch diffs…); those only
 * carry progress that the item's done event repeats, so they are left out.
 */
export async function sdkStreamFinalTolerant(lines: string[]): Promise<OpenAIResponse> {
  const skipped = new Set<string>();
  for (;;) {
    const kept = lines.filter((line) => ![...skipped].some((type) => line.includes(`"${type}"`)));
    try {
      return await sdkStreamFinal(toSse(kept));
    } catch (error) {
      const match = /Unhandled response stream event: (.*)$/s.exec(String((error as Error).message));
      const type = match ? (JSON.parse(match[1] ?? '{}') as { type?: string }).type : undefined;
      if (!type || skipped.has(type)) throw error;
      skipped.add(type);
    }
  }
}

interface Summary {
  text: string;
  functionCalls: { name: string; arguments: string; callId: string }[];
  customCalls: { name: string; input: string; callId: string }[];
  reasoning: string[];
  usage: { input: number; output: number; cached: number; reasoning: number } | null;
}

/** The fields a client acts on, for comparing two readings of one response. */
export function summarize(response: OpenAIResponse): Summary {
  const summary: Summary = { text: '', functionCalls: [], customCalls: [], reasoning: [], usage: null };
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) if (part.type === 'output_text') summary.text += part.text;
    } else if (item.type === 'function_call') {
      summary.functionCalls.push({ name: item.name, arguments: item.arguments, callId: item.call_id });
    } else if (item.type === 'custom_tool_call') {
      summary.customCalls.push({ name: item.name, input: item.input, callId: item.call_id });
    } else if (item.type === 'reasoning') {
      const texts =
        item.summary.length > 0
          ? item.summary.map((part) => part.text)
          : (item.content ?? []).map((part) => part.text);
      const joined = item.summary.length > 0 ? texts.join('\n\n') : texts.join('');
      if (joined !== '') summary.reasoning.push(joined);
    }
  }
  if (response.usage) {
    summary.usage = {
      input: response.usage.input_tokens,
      output: response.usage.output_tokens,
      cached: response.usage.input_tokens_details?.cached_tokens ?? 0,
      reasoning: response.usage.output_tokens_details?.reasoning_tokens ?? 0,
    };
  }
  return summary;
}
