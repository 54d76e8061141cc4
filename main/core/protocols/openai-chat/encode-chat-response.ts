import type { CanonicalResponse, ClientContext, Converted, Warning } from '../canonical';
import { encodeChatUsage } from './convert-chat-usage';
import { encodeChatFinishReason } from './map-chat-finish-reason';
import type { JsonRecord } from './read-wire-fields';

/** Fields of a same-protocol upstream response worth handing back to a Chat client. */
const PASSED_BACK_FIELDS = ['system_fingerprint', 'service_tier'];

/** Canonical response → `chat.completion` body for a Chat client. */
export function encodeChatResponse(input: {
  response: CanonicalResponse;
  client: ClientContext;
}): Converted<JsonRecord> {
  const { response, client } = input;
  const warnings: Warning[] = [];
  const text: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: JsonRecord[] = [];
  const skipped = new Set<string>();

  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        text.push(part.text);
        if (part.citations) skipped.add('citations');
        break;
      case 'reasoning':
        if (part.text !== '') reasoning.push(part.text);
        else skipped.add('redacted reasoning');
        break;
      case 'tool-call':
        toolCalls.push(
          part.kind === 'custom'
            ? { id: part.id, type: 'custom', custom: { name: part.name, input: part.arguments } }
            : { id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } },
        );
        break;
      case 'image':
      case 'file':
      case 'tool-result':
      case 'server-tool-call':
      case 'server-tool-result':
      case 'opaque':
        skipped.add(part.type);
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unhandled part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  if (skipped.size > 0) {
    warnings.push({
      code: 'response-parts-dropped',
      message: `a Chat completion cannot carry: ${[...skipped].join(', ')}`,
    });
  }

  const message: JsonRecord = {
    role: 'assistant',
    content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '',
    refusal: null,
  };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  const body: JsonRecord = {
    id: chatCompletionId(response.id || client.responseId),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: client.requestModel,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: encodeChatFinishReason({
          stopReason: response.stopReason,
          rawStopReason: response.rawStopReason,
          hasToolCalls: toolCalls.length > 0,
        }),
      },
    ],
    usage: encodeChatUsage(response.usage),
  };
  if (response.extra?.protocol === 'openai-chat') {
    for (const key of PASSED_BACK_FIELDS)
      if (key in response.extra.fields) body[key] = response.extra.fields[key];
  }
  return { value: body, warnings };
}

export function chatCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}
