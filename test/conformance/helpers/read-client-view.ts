// What a client acts on, read from the official SDKs' parsed results, in the
// same shape as RecordingTruth so the two compare with one toEqual.
import type { GenerateContentResponse } from '@google/genai';
import type Anthropic from '@anthropic-ai/sdk';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Response as ResponsesObject } from 'openai/resources/responses/responses';
import { parseArguments, type ToolCallTruth } from './read-recording-truth';

export interface ClientView {
  text: string;
  reasoning: string;
  toolCalls: ToolCallTruth[];
  /** `cacheWrite` only where the client protocol can say it (Anthropic). */
  usage: { input: number; cacheRead: number; output: number; cacheWrite?: number };
}

interface AnthropicLikeMessage {
  content: readonly { type: string }[];
  usage:
    | Anthropic.Usage
    | {
        input_tokens: number;
        output_tokens: number;
        cache_read_input_tokens?: number | null;
        cache_creation_input_tokens?: number | null;
      };
}

export function viewAnthropicMessage(message: AnthropicLikeMessage): ClientView {
  const view: ClientView = {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: { input: 0, cacheRead: 0, output: 0 },
  };
  for (const block of message.content as readonly Record<string, unknown>[]) {
    if (block.type === 'text') view.text += String(block.text);
    else if (block.type === 'thinking') view.reasoning += String(block.thinking);
    else if (block.type === 'tool_use')
      view.toolCalls.push({ name: String(block.name), args: block.input ?? {} });
  }
  const cacheRead = message.usage.cache_read_input_tokens ?? 0;
  const cacheWrite = message.usage.cache_creation_input_tokens ?? 0;
  view.usage = {
    input: message.usage.input_tokens + cacheRead + cacheWrite,
    cacheRead,
    cacheWrite,
    output: message.usage.output_tokens,
  };
  return view;
}

/** `reasoning` is passed in: the SDK's stream helper overwrites reasoning_content chunk by chunk. */
export function viewChatCompletion(completion: ChatCompletion, reasoning?: string): ClientView {
  const message = completion.choices[0]?.message;
  const raw = message as unknown as { reasoning_content?: string; reasoning?: string } | undefined;
  return {
    text: message?.content ?? '',
    reasoning: reasoning ?? raw?.reasoning_content ?? raw?.reasoning ?? '',
    toolCalls: (message?.tool_calls ?? []).flatMap((call) =>
      call.type === 'function'
        ? [{ name: call.function.name, args: parseArguments(call.function.arguments) }]
        : [],
    ),
    usage: {
      input: completion.usage?.prompt_tokens ?? 0,
      cacheRead: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      output: completion.usage?.completion_tokens ?? 0,
    },
  };
}

/** reasoning_content (or reasoning) deltas of a Chat SSE body, joined. */
export function chatStreamReasoning(sse: string): string {
  let reasoning = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const payload = JSON.parse(line.slice(6)) as {
      choices?: { delta?: { reasoning_content?: string; reasoning?: string } }[];
    };
    const delta = payload.choices?.[0]?.delta;
    reasoning += delta?.reasoning_content ?? delta?.reasoning ?? '';
  }
  return reasoning;
}

export function viewResponsesObject(response: ResponsesObject): ClientView {
  const view: ClientView = {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: { input: 0, cacheRead: 0, output: 0 },
  };
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) if (part.type === 'output_text') view.text += part.text;
    } else if (item.type === 'reasoning') {
      view.reasoning +=
        item.summary.length > 0
          ? item.summary.map((part) => part.text).join('\n\n')
          : (item.content ?? []).map((part) => part.text).join('');
    } else if (item.type === 'function_call') {
      view.toolCalls.push({ name: item.name, args: parseArguments(item.arguments) });
    }
  }
  view.usage = {
    input: response.usage?.input_tokens ?? 0,
    cacheRead: response.usage?.input_tokens_details?.cached_tokens ?? 0,
    output: response.usage?.output_tokens ?? 0,
  };
  return view;
}

export function viewGeminiResponses(responses: GenerateContentResponse[]): ClientView {
  const view: ClientView = {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: { input: 0, cacheRead: 0, output: 0 },
  };
  for (const response of responses) {
    for (const part of response.candidates?.[0]?.content?.parts ?? []) {
      if (typeof part.text === 'string') {
        if (part.thought) view.reasoning += part.text;
        else view.text += part.text;
      }
      if (part.functionCall)
        view.toolCalls.push({ name: part.functionCall.name ?? '', args: part.functionCall.args ?? {} });
    }
    const usage = response.usageMetadata;
    if (usage) {
      view.usage = {
        input: usage.promptTokenCount ?? 0,
        cacheRead: usage.cachedContentTokenCount ?? 0,
        output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
      };
    }
  }
  return view;
}
