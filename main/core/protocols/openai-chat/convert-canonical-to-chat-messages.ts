import type { CanonicalMessage, CanonicalRequest, Converted, ToolResultPart, Warning } from '../canonical';
import { ownExtraFields } from '../canonical';
import { convertCanonicalUserContent } from './convert-canonical-user-content';
import { SYSTEM_ROLE_EXTRA_KEY } from './decode-chat-request';
import type { ChatDialect } from './detect-chat-dialect';
import { isOpenAiDialect, replaysReasoningContent } from './detect-chat-dialect';
import type { JsonRecord } from './read-wire-fields';
import { rewriteToolCallId } from './rewrite-tool-call-id';

/**
 * Canonical system + messages → Chat `messages` for an upstream. Tool results
 * become `role: "tool"` messages right after the assistant turn that called
 * them, in call order; whatever else the user turn held follows as a user
 * message.
 */
export function convertCanonicalToChatMessages(input: {
  request: CanonicalRequest;
  dialect: ChatDialect;
}): Converted<JsonRecord[]> {
  const { request, dialect } = input;
  const warnings: Warning[] = [];
  const messages: JsonRecord[] = [];
  const openAi = isOpenAiDialect(dialect);

  if (request.system.length > 0) {
    const leadingDeveloper =
      request.extra?.protocol === 'openai-chat' &&
      request.extra.fields[SYSTEM_ROLE_EXTRA_KEY] === 'developer';
    messages.push({
      role: leadingDeveloper && openAi ? 'developer' : 'system',
      content: request.system.map((part) => part.text).join('\n\n'),
    });
  }

  let lastCallOrder: string[] = [];
  let reasoningDropped = false;
  request.messages.forEach((message, index) => {
    const field = `messages[${index}]`;
    switch (message.role) {
      case 'system': {
        const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
        if (text.length !== message.content.length)
          warnings.push({
            code: 'system-non-text-dropped',
            message: `${field}: non-text parts of a system message were dropped`,
          });
        messages.push({
          role: message.developer && openAi ? 'developer' : 'system',
          content: text.join('\n\n'),
          ...nameOf(message),
        });
        break;
      }
      case 'assistant': {
        const encoded = encodeAssistantMessage(message, dialect, field);
        warnings.push(...encoded.warnings);
        if (encoded.reasoningDropped) reasoningDropped = true;
        lastCallOrder = encoded.callOrder;
        // Only parts Chat can't hold (a provider's compaction item, web_search_call…): nothing left to send.
        if (
          encoded.message.content === '' &&
          Object.keys(encoded.message).every((key) => key === 'role' || key === 'content' || key === 'name')
        ) {
          warnings.push({
            code: 'empty-message-dropped',
            message: `${field}: nothing in this assistant message can be sent to a Chat provider; it was dropped`,
          });
          break;
        }
        messages.push(encoded.message);
        break;
      }
      case 'user': {
        const toolResults = message.content.filter(
          (part): part is ToolResultPart => part.type === 'tool-result',
        );
        const rest = message.content.filter((part) => part.type !== 'tool-result');
        const moved: JsonRecord[] = [];
        for (const result of orderByCalls(toolResults, lastCallOrder)) {
          const toolCallId = rewriteToolCallId(result.toolCallId, dialect);
          const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
          const media = result.content.filter((part) => part.type !== 'text');
          if (media.length > 0) {
            const converted = convertCanonicalUserContent({ parts: media, dialect, field });
            warnings.push(...converted.warnings);
            moved.push(
              { type: 'text', text: `Attachments returned by tool call ${toolCallId}:` },
              ...converted.value,
            );
            warnings.push({
              code: media.some((part) => part.type === 'image')
                ? 'image-in-tool-result-moved'
                : 'file-in-tool-result-moved',
              message: `${field}: Chat tool messages cannot hold images or files; those of tool call ${result.toolCallId} were moved to a user message after the tool results`,
            });
            if (text.length === 0)
              text.push(`[${media.length} attachment(s) follow in the next user message]`);
          }
          messages.push({ role: 'tool', tool_call_id: toolCallId, content: text.join('\n') });
        }
        const converted = convertCanonicalUserContent({ parts: rest, dialect, field });
        warnings.push(...converted.warnings);
        const content = [...moved, ...converted.value];
        if (content.length > 0 || toolResults.length === 0) {
          const first = content[0];
          const value =
            first === undefined ? '' : content.length === 1 && first.type === 'text' ? first.text : content;
          messages.push({ role: 'user', content: value, ...nameOf(message) });
        }
        lastCallOrder = [];
        break;
      }
      default: {
        const _exhaustive: never = message.role;
        throw new Error(`unhandled role ${String(_exhaustive)}`);
      }
    }
  });
  if (reasoningDropped) {
    warnings.push({
      code: 'reasoning-not-replayed',
      message:
        'earlier reasoning was not sent: this Chat provider takes no reasoning in the conversation history',
    });
  }
  return { value: messages, warnings };
}

function encodeAssistantMessage(
  message: CanonicalMessage,
  dialect: ChatDialect,
  field: string,
): { message: JsonRecord; callOrder: string[]; reasoningDropped: boolean; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const text: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: JsonRecord[] = [];
  const callOrder: string[] = [];
  const extraFields: JsonRecord = {};
  let reasoningDropped = false;
  const replay = replaysReasoningContent(dialect);

  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        text.push(part.text);
        break;
      case 'reasoning':
        // Signatures and encrypted reasoning belong to the protocol that made them: never sent.
        if (replay) reasoning.push(part.text);
        else if (part.text !== '' || part.redactedData !== undefined || part.encrypted !== undefined)
          reasoningDropped = true;
        break;
      case 'tool-call': {
        ownExtraFields({
          extra: part.extra,
          protocol: 'openai-chat',
          owner: `${field}: tool call ${part.name}`,
          warnings,
        });
        callOrder.push(part.id);
        const id = rewriteToolCallId(part.id, dialect);
        if (part.kind === 'custom' && isOpenAiDialect(dialect)) {
          toolCalls.push({ id, type: 'custom', custom: { name: part.name, input: part.arguments } });
        } else {
          // Custom tools travel as a function with one string parameter `input` (see encodeChatTools).
          const args =
            part.kind === 'custom'
              ? JSON.stringify({ input: part.arguments })
              : part.arguments === ''
                ? '{}'
                : part.arguments;
          toolCalls.push({ id, type: 'function', function: { name: part.name, arguments: args } });
        }
        break;
      }
      case 'opaque':
        if (part.protocol === 'openai-chat' && typeof part.value === 'object' && part.value !== null)
          Object.assign(extraFields, part.value);
        else
          warnings.push({
            code: 'opaque-part-dropped',
            message: `${field}: a ${part.protocol} block has no Chat equivalent and was dropped`,
          });
        break;
      case 'image':
      case 'file':
      case 'tool-result':
      case 'server-tool-call':
      case 'server-tool-result':
        warnings.push({
          code: 'part-dropped',
          message: `${field}: a ${part.type} part cannot be sent in a Chat assistant message and was dropped`,
        });
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unhandled part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  const chatMessage: JsonRecord = {
    role: 'assistant',
    content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '',
  };
  const reasoningText = reasoning.filter((item) => item !== '').join('\n\n');
  if (reasoningText !== '') chatMessage.reasoning_content = reasoningText;
  // DeepSeek thinking mode rejects a tool-call turn without reasoning_content (400), even when
  // the turn came from a model that did not reason; an empty one satisfies it.
  else if (dialect === 'deepseek' && toolCalls.length > 0) chatMessage.reasoning_content = '';
  if (toolCalls.length > 0) chatMessage.tool_calls = toolCalls;
  if (message.name !== undefined) chatMessage.name = message.name;
  Object.assign(chatMessage, extraFields);
  return { message: chatMessage, callOrder, reasoningDropped, warnings };
}

/** Tool results in the order the assistant made the calls; unknown ids keep their place after those. */
function orderByCalls(results: ToolResultPart[], callOrder: string[]): ToolResultPart[] {
  const rank = (result: ToolResultPart): number => {
    const at = callOrder.indexOf(result.toolCallId);
    return at === -1 ? callOrder.length : at;
  };
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map((entry) => entry.result);
}

function nameOf(message: CanonicalMessage): { name?: string } {
  return message.name !== undefined ? { name: message.name } : {};
}
