import { invalidRequest } from '../canonical/errors';
import { unpackSignature } from '../canonical/signature';
import type {
  CanonicalMessage,
  ContentPart,
  ReasoningPart,
  ToolDefinition,
  ToolResultContent,
  Warning,
} from '../canonical/types';
import { convertResponsesContentToParts } from './convert-responses-content-to-parts';
import { convertResponsesTools } from './convert-responses-tools';
import {
  isRecord,
  optionalArray,
  optionalString,
  requestString,
  requiredRequestString,
} from './read-json-values';

type Group = 'assistant' | 'outputs' | 'other';

/** Item types the client sends back as its own turn (tool outputs and the like). */
function isUserSideItem(type: string): boolean {
  return type.endsWith('_output') || type === 'item_reference' || type === 'mcp_approval_response';
}

function convertToolOutput(output: unknown, field: string): ToolResultContent[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  const parts = convertResponsesContentToParts({ content: output, field });
  return parts.map((part, index): ToolResultContent => {
    if (part.type === 'text' || part.type === 'image' || part.type === 'file') return part;
    throw invalidRequest(`${field}[${index}] has an unsupported type for a tool output`);
  });
}

/** A Responses `reasoning` item's summary texts, and its text for other protocols: the summaries joined, else its content. */
export function readReasoningItemText(item: Record<string, unknown>): { summary: string[]; text: string } {
  const summary = (optionalArray(item.summary) ?? [])
    .filter(isRecord)
    .map((part) => optionalString(part.text) ?? '');
  if (summary.length > 0) return { summary, text: summary.join('\n\n') };
  const content = (optionalArray(item.content) ?? [])
    .filter(isRecord)
    .map((part) => optionalString(part.text) ?? '');
  return { summary, text: content.join('') };
}

/** A Responses `reasoning` item → reasoning part. */
export function convertReasoningItem(item: Record<string, unknown>): ReasoningPart {
  const { summary, text } = readReasoningItemText(item);
  const encryptedContent = optionalString(item.encrypted_content);
  const id = optionalString(item.id);
  const part: ReasoningPart = { type: 'reasoning', text };
  if (summary.length > 0) part.summary = summary;
  if (id !== undefined) part.itemId = id;
  if (encryptedContent !== undefined) {
    // A thinking signature we wrapped for this client comes back as a foreign signature.
    const signature = unpackSignature(encryptedContent, 'openai-responses');
    if (signature.origin === 'openai-responses') part.encrypted = signature;
    else part.signature = signature;
  }
  return part;
}

/**
 * Responses `input` (string or items) → canonical messages, plus the tools
 * Codex declares in `additional_tools` items. Assistant-side items that follow
 * each other (reasoning, one message, tool calls) form one assistant message;
 * consecutive tool outputs form one user message.
 */
export function convertResponsesInputToMessages(input: { input: unknown }): {
  messages: CanonicalMessage[];
  tools: ToolDefinition[];
  warnings: Warning[];
} {
  const messages: CanonicalMessage[] = [];
  const tools: ToolDefinition[] = [];
  const warnings: Warning[] = [];
  if (input.input === undefined || input.input === null) return { messages, tools, warnings };
  if (typeof input.input === 'string') {
    return { messages: [{ role: 'user', content: [{ type: 'text', text: input.input }] }], tools, warnings };
  }
  if (!Array.isArray(input.input)) throw invalidRequest('input must be a string or an array');

  let group: Group = 'other';
  let assistantHasMessageItem = false;
  const current = (): CanonicalMessage | undefined => messages[messages.length - 1];

  const pushAssistantPart = (part: ContentPart): void => {
    const last = current();
    if (group === 'assistant' && last) last.content.push(part);
    else {
      messages.push({ role: 'assistant', content: [part] });
      group = 'assistant';
      assistantHasMessageItem = false;
    }
  };
  const pushOutputPart = (part: ContentPart): void => {
    const last = current();
    if (group === 'outputs' && last) last.content.push(part);
    else {
      messages.push({ role: 'user', content: [part] });
      group = 'outputs';
    }
  };

  input.input.forEach((item: unknown, index) => {
    const field = `input[${index}]`;
    if (!isRecord(item)) throw invalidRequest(`${field} must be an object`);
    const type = item.type === undefined && item.role !== undefined ? 'message' : item.type;
    if (typeof type !== 'string') throw invalidRequest(`${field}.type must be a string`);
    switch (type) {
      case 'message': {
        const role = item.role;
        const id = requestString(item.id, `${field}.id`);
        const phase = optionalString(item.phase);
        const content = convertResponsesContentToParts({
          content: item.content,
          field: `${field}.content`,
          phase,
        });
        if (role === 'assistant') {
          const last = current();
          if (group === 'assistant' && last && !assistantHasMessageItem) {
            last.content.push(...content);
            if (id !== undefined) last.id = id;
          } else {
            messages.push({ role: 'assistant', content, ...(id !== undefined ? { id } : {}) });
            group = 'assistant';
          }
          assistantHasMessageItem = true;
          return;
        }
        if (role !== 'user' && role !== 'system' && role !== 'developer') {
          throw invalidRequest(`${field}.role must be one of user, assistant, system, developer`);
        }
        messages.push({
          role: role === 'developer' ? 'system' : role,
          content,
          ...(role === 'developer' ? { developer: true } : {}),
          ...(id !== undefined ? { id } : {}),
        });
        group = 'other';
        return;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const custom = type === 'custom_tool_call';
        const itemId = requestString(item.id, `${field}.id`);
        const namespace = requestString(item.namespace, `${field}.namespace`);
        pushAssistantPart({
          type: 'tool-call',
          id: requiredRequestString(item.call_id, `${field}.call_id`),
          name: requiredRequestString(item.name, `${field}.name`),
          arguments: custom
            ? requiredRequestString(item.input, `${field}.input`)
            : requiredRequestString(item.arguments, `${field}.arguments`),
          kind: custom ? 'custom' : 'function',
          ...(itemId !== undefined ? { itemId } : {}),
          ...(namespace !== undefined ? { namespace } : {}),
          ...(isRecord(item.caller)
            ? { extra: { protocol: 'openai-responses' as const, fields: { caller: item.caller } } }
            : {}),
        });
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        if (item.output === undefined || item.output === null)
          throw invalidRequest(`${field}.output is required`);
        const outputItemId = requestString(item.id, `${field}.id`);
        pushOutputPart({
          type: 'tool-result',
          toolCallId: requiredRequestString(item.call_id, `${field}.call_id`),
          content: convertToolOutput(item.output, `${field}.output`),
          kind: type === 'custom_tool_call_output' ? 'custom' : 'function',
          ...(outputItemId !== undefined ? { itemId: outputItemId } : {}),
        });
        return;
      }
      case 'reasoning':
        pushAssistantPart(convertReasoningItem(item));
        return;
      case 'additional_tools': {
        const converted = convertResponsesTools({ tools: item.tools, field: `${field}.tools` });
        tools.push(...converted.value);
        warnings.push(...converted.warnings);
        return;
      }
      default: {
        // local_shell_call, compaction, web_search_call, item_reference…: kept verbatim in place.
        const part: ContentPart = { type: 'opaque', protocol: 'openai-responses', value: item };
        if (isUserSideItem(type)) pushOutputPart(part);
        else pushAssistantPart(part);
      }
    }
  });
  return { messages, tools, warnings };
}
