import type { CanonicalResponse, ContentPart, Converted, TargetContext, Warning } from '../canonical';
import { emptyUsage, ProtocolError } from '../canonical';
import { decodeChatError } from './convert-chat-error';
import { convertChatUsage } from './convert-chat-usage';
import { mapChatFinishReason } from './map-chat-finish-reason';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readArray, readRecord, readString } from './read-wire-fields';
import { splitThinkTags } from './split-think-tags';

const MODELLED_FIELDS = new Set(['id', 'model', 'choices', 'usage', 'object', 'created']);

/** A Chat Completions JSON response from an upstream → canonical response. */
export function decodeChatResponse(input: {
  body: unknown;
  target: TargetContext;
}): Converted<CanonicalResponse> {
  const { body, target } = input;
  const warnings: Warning[] = [];
  if (!isRecord(body))
    throw new ProtocolError('api_error', 502, 'The upstream returned a response that is not a JSON object');
  if (body.error !== undefined && body.error !== null) {
    // Some providers answer errors with HTTP 200.
    const error = decodeChatError({ status: 200, body });
    throw new ProtocolError(error.kind, error.status, error.message);
  }
  const choices = readArray(body, 'choices') ?? [];
  const choice = choices.find(isRecord);
  if (choices.length > 1)
    warnings.push({
      code: 'extra-choices-dropped',
      message: `the upstream returned ${choices.length} choices; only the first is kept`,
    });
  const message = (choice && readRecord(choice, 'message')) ?? {};

  const content = decodeChatMessageContent(message, target.thinkTag);
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  const finishReason =
    (choice && readString(choice, 'finish_reason')) ?? (hasToolCalls ? 'tool_calls' : 'stop');

  const extraFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MODELLED_FIELDS.has(key)) extraFields[key] = value;
  const response: CanonicalResponse = {
    id: readString(body, 'id') ?? '',
    model: readString(body, 'model') ?? target.model,
    content,
    stopReason: mapChatFinishReason(finishReason, hasToolCalls),
    rawStopReason: finishReason,
    usage: convertChatUsage(body.usage) ?? emptyUsage(),
  };
  if (Object.keys(extraFields).length > 0) response.extra = { protocol: 'openai-chat', fields: extraFields };
  return { value: response, warnings };
}

/** One assistant `message` → canonical parts: reasoning first, then text, refusal, tool calls. */
function decodeChatMessageContent(message: JsonRecord, thinkTag: string | undefined): ContentPart[] {
  const parts: ContentPart[] = [];
  const reasoning = readString(message, 'reasoning_content') || readString(message, 'reasoning');
  if (reasoning) parts.push({ type: 'reasoning', text: reasoning });

  const content = message.content;
  if (typeof content === 'string') {
    pushText(parts, content, thinkTag);
  } else if (Array.isArray(content)) {
    // Mistral Magistral: [{type:'thinking', thinking:[{type:'text',text}]}, {type:'text', text}].
    for (const item of content) {
      if (!isRecord(item)) continue;
      if (item.type === 'thinking') {
        const text = (readArray(item, 'thinking') ?? [])
          .map((chunk) => (isRecord(chunk) ? (readString(chunk, 'text') ?? '') : ''))
          .join('');
        appendReasoning(parts, text);
      } else if (item.type === 'text') {
        pushText(parts, readString(item, 'text') ?? '', thinkTag);
      }
    }
  }
  const refusal = readString(message, 'refusal');
  if (refusal) parts.push({ type: 'text', text: refusal });

  (readArray(message, 'tool_calls') ?? []).forEach((call, index) => {
    if (!isRecord(call)) return;
    const id = readString(call, 'id') || `call_${index}`;
    const custom = readRecord(call, 'custom');
    if (custom) {
      parts.push({
        type: 'tool-call',
        id,
        name: readString(custom, 'name') ?? '',
        arguments: readString(custom, 'input') ?? '',
        kind: 'custom',
      });
      return;
    }
    const fn = readRecord(call, 'function') ?? {};
    const args = fn.arguments;
    parts.push({
      type: 'tool-call',
      id,
      name: readString(fn, 'name') ?? '',
      arguments:
        typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args),
      kind: 'function',
    });
  });
  const functionCall = readRecord(message, 'function_call');
  if (functionCall) {
    const args = functionCall.arguments;
    parts.push({
      type: 'tool-call',
      id: 'call_0',
      name: readString(functionCall, 'name') ?? '',
      arguments: typeof args === 'string' ? args : '',
      kind: 'function',
    });
  }
  return parts;
}

function pushText(parts: ContentPart[], text: string, thinkTag: string | undefined): void {
  if (text === '') return;
  if (!thinkTag) {
    parts.push({ type: 'text', text });
    return;
  }
  for (const segment of splitThinkTags(text, thinkTag)) {
    if (segment.kind === 'reasoning') appendReasoning(parts, segment.text);
    else parts.push({ type: 'text', text: segment.text });
  }
}

function appendReasoning(parts: ContentPart[], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last && last.type === 'reasoning') last.text += text;
  else parts.push({ type: 'reasoning', text });
}
