import { arrayAsEvents, parseBody, type StreamEvent } from './parse-body';

export interface AssembledToolCall {
  id?: string;
  name: string;
  arguments: string;
}

/** A response read back: what the model said, thought and called, why it stopped, what it reported using. */
export interface AssembledResponse {
  protocol: 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini' | 'unknown';
  streamed: boolean;
  text: string;
  thinking: string;
  toolCalls: AssembledToolCall[];
  stopReason?: string;
  /** The usage fields as the protocol names them. */
  usage: Record<string, number>;
  events: StreamEvent[];
  /** An error object the stream or body carried. */
  error?: string;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Numbers of a usage object, nested ones flattened (`prompt_tokens_details.cached_tokens`). */
function flattenUsage(value: unknown, into: Record<string, number>, prefix = ''): void {
  for (const [key, field] of Object.entries(object(value) ?? {})) {
    if (typeof field === 'number') into[`${prefix}${key}`] = field;
    else if (object(field)) flattenUsage(field, into, `${prefix}${key}.`);
  }
}

function detect(samples: Json[]): AssembledResponse['protocol'] {
  for (const sample of samples) {
    const type = text(sample.type) ?? '';
    if (type.startsWith('message') || type.startsWith('content_block') || type === 'ping') return 'anthropic';
    if (type.startsWith('response.') || sample.object === 'response') return 'openai-responses';
    if (Array.isArray(sample.choices)) return 'openai-chat';
    if (Array.isArray(sample.candidates) || sample.usageMetadata !== undefined) return 'gemini';
  }
  return 'unknown';
}

interface Assembly {
  text: string;
  thinking: string;
  toolCalls: Map<string, AssembledToolCall>;
  stopReason?: string;
  usage: Record<string, number>;
  error?: string;
}

function toolCall(assembly: Assembly, key: string, start?: Partial<AssembledToolCall>): AssembledToolCall {
  let call = assembly.toolCalls.get(key);
  if (!call) {
    call = { name: '', arguments: '' };
    assembly.toolCalls.set(key, call);
  }
  if (start?.name) call.name = start.name;
  if (start?.id) call.id = start.id;
  return call;
}

function readAnthropic(chunk: Json, assembly: Assembly): void {
  const type = text(chunk.type);
  if (type === 'message' || type === 'message_start') {
    const message = type === 'message' ? chunk : (object(chunk.message) ?? {});
    flattenUsage(message.usage, assembly.usage);
    for (const [index, block] of array(message.content).entries())
      readAnthropicBlock(object(block) ?? {}, String(index), assembly, true);
    if (text(message.stop_reason)) assembly.stopReason = text(message.stop_reason);
  } else if (type === 'content_block_start') {
    readAnthropicBlock(object(chunk.content_block) ?? {}, String(chunk.index), assembly, false);
  } else if (type === 'content_block_delta') {
    const delta = object(chunk.delta) ?? {};
    if (delta.type === 'text_delta') assembly.text += text(delta.text) ?? '';
    else if (delta.type === 'thinking_delta') assembly.thinking += text(delta.thinking) ?? '';
    else if (delta.type === 'input_json_delta')
      toolCall(assembly, String(chunk.index)).arguments += text(delta.partial_json) ?? '';
  } else if (type === 'message_delta') {
    const delta = object(chunk.delta) ?? {};
    if (text(delta.stop_reason)) assembly.stopReason = text(delta.stop_reason);
    flattenUsage(chunk.usage, assembly.usage);
  } else if (type === 'error') {
    assembly.error = JSON.stringify(chunk.error ?? chunk);
  }
}

function readAnthropicBlock(block: Json, key: string, assembly: Assembly, whole: boolean): void {
  if (block.type === 'text') assembly.text += text(block.text) ?? '';
  else if (block.type === 'thinking') assembly.thinking += text(block.thinking) ?? '';
  else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
    const call = toolCall(assembly, key, { name: text(block.name) ?? '', id: text(block.id) ?? '' });
    if (whole || (object(block.input) && Object.keys(object(block.input) ?? {}).length > 0))
      call.arguments = JSON.stringify(block.input ?? {});
  }
}

function readChat(chunk: Json, assembly: Assembly): void {
  for (const choice of array(chunk.choices)) {
    const fields = object(choice) ?? {};
    const part = object(fields.delta) ?? object(fields.message) ?? {};
    assembly.text += text(part.content) ?? '';
    assembly.thinking += text(part.reasoning_content) ?? text(part.reasoning) ?? '';
    for (const [position, call] of array(part.tool_calls).entries()) {
      const fieldsOfCall = object(call) ?? {};
      const fn = object(fieldsOfCall.function) ?? {};
      const key = String(typeof fieldsOfCall.index === 'number' ? fieldsOfCall.index : position);
      toolCall(assembly, key, { name: text(fn.name) ?? '', id: text(fieldsOfCall.id) ?? '' }).arguments +=
        text(fn.arguments) ?? '';
    }
    if (text(fields.finish_reason)) assembly.stopReason = text(fields.finish_reason);
  }
  if (chunk.usage) flattenUsage(chunk.usage, assembly.usage);
  if (chunk.error) assembly.error = JSON.stringify(chunk.error);
}

function readResponses(chunk: Json, assembly: Assembly): void {
  const type = text(chunk.type) ?? '';
  const response = chunk.object === 'response' ? chunk : object(chunk.response);
  if (type === 'response.output_text.delta') assembly.text += text(chunk.delta) ?? '';
  else if (type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta')
    assembly.thinking += text(chunk.delta) ?? '';
  else if (type === 'response.output_item.added') {
    const item = object(chunk.item) ?? {};
    if (item.type === 'function_call')
      toolCall(assembly, String(chunk.output_index), {
        name: text(item.name) ?? '',
        id: text(item.call_id) ?? '',
      });
  } else if (type === 'response.function_call_arguments.delta')
    toolCall(assembly, String(chunk.output_index)).arguments += text(chunk.delta) ?? '';
  else if (type === 'error' || type === 'response.failed')
    assembly.error = JSON.stringify(chunk.error ?? object(response)?.error);
  if (
    response &&
    (chunk.object === 'response' || type === 'response.completed' || type === 'response.incomplete')
  ) {
    flattenUsage(response.usage, assembly.usage);
    const incomplete = text(object(response.incomplete_details)?.reason);
    assembly.stopReason = incomplete ?? text(response.status);
    if (chunk.object === 'response') readResponsesOutput(response, assembly);
  }
}

function readResponsesOutput(response: Json, assembly: Assembly): void {
  for (const [index, entry] of array(response.output).entries()) {
    const item = object(entry) ?? {};
    if (item.type === 'message')
      for (const part of array(item.content)) assembly.text += text(object(part)?.text) ?? '';
    else if (item.type === 'reasoning')
      for (const part of array(item.summary)) assembly.thinking += text(object(part)?.text) ?? '';
    else if (item.type === 'function_call')
      toolCall(assembly, String(index), {
        name: text(item.name) ?? '',
        id: text(item.call_id) ?? '',
      }).arguments = text(item.arguments) ?? '';
  }
}

function readGemini(chunk: Json, assembly: Assembly): void {
  for (const candidate of array(chunk.candidates)) {
    const fields = object(candidate) ?? {};
    for (const [index, entry] of array(object(fields.content)?.parts).entries()) {
      const part = object(entry) ?? {};
      if (typeof part.text === 'string') {
        if (part.thought === true) assembly.thinking += part.text;
        else assembly.text += part.text;
      }
      const call = object(part.functionCall);
      if (call)
        toolCall(assembly, `${assembly.toolCalls.size}:${index}`, { name: text(call.name) ?? '' }).arguments =
          JSON.stringify(call.args ?? {});
    }
    if (text(fields.finishReason)) assembly.stopReason = text(fields.finishReason);
  }
  if (chunk.usageMetadata) {
    for (const key of Object.keys(assembly.usage)) delete assembly.usage[key];
    flattenUsage(chunk.usageMetadata, assembly.usage);
  }
  if (chunk.error) assembly.error = JSON.stringify(chunk.error);
}

const READERS: Record<
  Exclude<AssembledResponse['protocol'], 'unknown'>,
  (chunk: Json, assembly: Assembly) => void
> = {
  anthropic: readAnthropic,
  'openai-chat': readChat,
  'openai-responses': readResponses,
  gemini: readGemini,
};

/** Reads a response body (a stream or one JSON object) of any of the four protocols back into its content. */
export function assembleResponse(content: string): AssembledResponse {
  const parsed = parseBody(content);
  const events =
    parsed.kind === 'sse' ? parsed.events : parsed.kind === 'json' ? (arrayAsEvents(parsed.value) ?? []) : [];
  const chunks =
    events.length > 0
      ? events.flatMap((event) => (object(event.json) ? [object(event.json) as Json] : []))
      : parsed.kind === 'json' && object(parsed.value)
        ? [object(parsed.value) as Json]
        : [];
  const protocol = detect(chunks);
  const assembly: Assembly = { text: '', thinking: '', toolCalls: new Map(), usage: {} };
  if (protocol !== 'unknown') for (const chunk of chunks) READERS[protocol](chunk, assembly);
  else if (chunks[0]?.error) assembly.error = JSON.stringify(chunks[0].error);
  return {
    protocol,
    streamed: events.length > 0,
    text: assembly.text,
    thinking: assembly.thinking,
    toolCalls: [...assembly.toolCalls.values()],
    ...(assembly.stopReason !== undefined && { stopReason: assembly.stopReason }),
    usage: assembly.usage,
    events,
    ...(assembly.error !== undefined && { error: assembly.error }),
  };
}

/** A one-line label for an event in the timeline: its type and what it carried. */
export function describeEvent(event: StreamEvent): string {
  const json = object(event.json);
  if (!json) return event.data.slice(0, 80);
  const type = text(json.type) ?? event.event;
  const delta = object(json.delta);
  const carried =
    text(delta?.text) ??
    text(delta?.thinking) ??
    text(delta?.partial_json) ??
    text(json.delta) ??
    text(object(object(array(json.choices)[0])?.delta)?.content) ??
    text(object(array(object(object(array(json.candidates)[0])?.content)?.parts)[0])?.text);
  const finish =
    text(object(array(json.choices)[0])?.finish_reason) ??
    text(object(array(json.candidates)[0])?.finishReason);
  return [
    type ?? (Array.isArray(json.choices) ? 'chunk' : 'data'),
    carried !== undefined ? JSON.stringify(carried) : '',
    finish ? `finish: ${finish}` : '',
  ]
    .filter(Boolean)
    .join(' ')
    .slice(0, 160);
}
