import type {
  CanonicalMessage,
  ContentPart,
  Converted,
  TextPart,
  ToolCallPart,
  ToolResultContent,
  ToolResultPart,
  Warning,
} from '../canonical';
import { invalidRequest } from '../canonical';
import { convertChatContentParts } from './convert-chat-content-parts';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readArray, readRecord, readString } from './read-wire-fields';

export interface CanonicalConversation {
  system: TextPart[];
  /** The leading instructions came as `developer` messages (OpenAI's name for system). */
  systemIsDeveloper: boolean;
  messages: CanonicalMessage[];
}

/**
 * Chat `messages` → canonical conversation. Leading system/developer
 * messages become `system`; later ones stay in place. Consecutive `tool` (and
 * legacy `function`) messages become tool-result parts of one user message.
 */
export function convertChatMessagesToCanonical(input: {
  messages: unknown;
}): Converted<CanonicalConversation> {
  if (!Array.isArray(input.messages)) throw invalidRequest('messages must be an array');
  const warnings: Warning[] = [];
  const system: TextPart[] = [];
  let systemIsDeveloper = false;
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, { name: string; kind: ToolCallPart['kind'] }>();
  // Legacy `function_call` has no id: pair each with the `function` message answering it.
  const legacyCallIds: { name: string; id: string }[] = [];
  let leading = true;
  let pendingToolResults: ToolResultPart[] | undefined;

  input.messages.forEach((raw, index) => {
    const field = `messages[${index}]`;
    if (!isRecord(raw)) throw invalidRequest(`${field} must be an object`);
    const role = readString(raw, 'role');
    if (role !== 'tool' && role !== 'function') pendingToolResults = undefined;

    switch (role) {
      case 'system':
      case 'developer': {
        const content = collect(
          convertChatContentParts({ content: raw.content, field: `${field}.content` }),
          warnings,
        );
        const textParts = content.filter((part): part is TextPart => part.type === 'text');
        if (textParts.length !== content.length) {
          warnings.push({
            code: 'system-non-text-dropped',
            message: `${field}: only text is allowed in a ${role} message; other parts dropped`,
          });
        }
        if (leading) {
          system.push(...textParts);
          if (role === 'developer') systemIsDeveloper = true;
        } else {
          messages.push({
            role: 'system',
            content: textParts,
            ...(role === 'developer' ? { developer: true } : {}),
            ...nameOf(raw),
          });
        }
        return;
      }
      case 'user': {
        leading = false;
        const content = collect(
          convertChatContentParts({ content: raw.content, field: `${field}.content` }),
          warnings,
        );
        messages.push({ role: 'user', content, ...nameOf(raw) });
        return;
      }
      case 'assistant': {
        leading = false;
        messages.push({
          role: 'assistant',
          content: convertAssistantContent(raw, field, warnings, toolNames, legacyCallIds),
          ...nameOf(raw),
        });
        return;
      }
      case 'tool':
      case 'function': {
        leading = false;
        const result = convertToolMessage(raw, role, field, warnings, toolNames, legacyCallIds);
        if (pendingToolResults) {
          pendingToolResults.push(result);
        } else {
          pendingToolResults = [result];
          messages.push({ role: 'user', content: pendingToolResults });
        }
        return;
      }
      default:
        throw invalidRequest(
          `${field}.role must be one of system, developer, user, assistant, tool, function (got ${JSON.stringify(raw.role)})`,
        );
    }
  });
  return { value: { system, systemIsDeveloper, messages }, warnings };
}

function convertAssistantContent(
  raw: JsonRecord,
  field: string,
  warnings: Warning[],
  toolNames: Map<string, { name: string; kind: ToolCallPart['kind'] }>,
  legacyCallIds: { name: string; id: string }[],
): ContentPart[] {
  const parts: ContentPart[] = [];
  // DeepSeek/Kimi/GLM clients send reasoning back as `reasoning_content`, OpenRouter as `reasoning`.
  const reasoning = readString(raw, 'reasoning_content') ?? readString(raw, 'reasoning');
  if (reasoning !== undefined && reasoning !== '') parts.push({ type: 'reasoning', text: reasoning });
  parts.push(
    ...collect(convertChatContentParts({ content: raw.content, field: `${field}.content` }), warnings),
  );
  const refusal = readString(raw, 'refusal');
  if (refusal !== undefined && refusal !== '') parts.push({ type: 'text', text: refusal });
  if (raw.audio !== undefined && raw.audio !== null) {
    warnings.push({
      code: 'audio-output-opaque',
      message: `${field}.audio is kept only for OpenAI Chat upstreams`,
    });
    parts.push({ type: 'opaque', protocol: 'openai-chat', value: { audio: raw.audio } });
  }

  (readArray(raw, 'tool_calls') ?? []).forEach((call, callIndex) => {
    const callField = `${field}.tool_calls[${callIndex}]`;
    if (!isRecord(call)) throw invalidRequest(`${callField} must be an object`);
    const id = readString(call, 'id');
    if (id === undefined) throw invalidRequest(`${callField}.id is required`);
    const custom = readRecord(call, 'custom');
    if (readString(call, 'type') === 'custom' || custom) {
      const name = (custom && readString(custom, 'name')) ?? '';
      parts.push({
        type: 'tool-call',
        id,
        name,
        arguments: (custom && readString(custom, 'input')) ?? '',
        kind: 'custom',
      });
      toolNames.set(id, { name, kind: 'custom' });
      return;
    }
    const fn = readRecord(call, 'function');
    if (!fn || readString(fn, 'name') === undefined)
      throw invalidRequest(`${callField}.function.name is required`);
    const name = readString(fn, 'name') ?? '';
    parts.push({ type: 'tool-call', id, name, arguments: argumentsText(fn.arguments), kind: 'function' });
    toolNames.set(id, { name, kind: 'function' });
  });

  const functionCall = readRecord(raw, 'function_call');
  if (functionCall) {
    const name = readString(functionCall, 'name') ?? '';
    const id = `call_legacy_${legacyCallIds.length}`;
    legacyCallIds.push({ name, id });
    parts.push({
      type: 'tool-call',
      id,
      name,
      arguments: argumentsText(functionCall.arguments),
      kind: 'function',
    });
    toolNames.set(id, { name, kind: 'function' });
  }
  return parts;
}

function convertToolMessage(
  raw: JsonRecord,
  role: 'tool' | 'function',
  field: string,
  warnings: Warning[],
  toolNames: Map<string, { name: string; kind: ToolCallPart['kind'] }>,
  legacyCallIds: { name: string; id: string }[],
): ToolResultPart {
  let toolCallId: string | undefined;
  if (role === 'tool') {
    toolCallId = readString(raw, 'tool_call_id');
    if (toolCallId === undefined || toolCallId === '')
      throw invalidRequest(`${field}.tool_call_id is required for role "tool"`);
  } else {
    const name = readString(raw, 'name');
    if (name === undefined) throw invalidRequest(`${field}.name is required for role "function"`);
    const at = legacyCallIds.findIndex((call) => call.name === name);
    toolCallId = at >= 0 ? (legacyCallIds.splice(at, 1)[0]?.id ?? name) : `call_legacy_${name}`;
  }
  const content = collect(
    convertChatContentParts({ content: raw.content, field: `${field}.content` }),
    warnings,
  );
  const resultContent = content.filter(
    (part): part is ToolResultContent =>
      part.type === 'text' || part.type === 'image' || part.type === 'file',
  );
  if (resultContent.length !== content.length) {
    warnings.push({
      code: 'tool-result-part-dropped',
      message: `${field}: only text, images and files are kept in a tool result`,
    });
  }
  const known = toolNames.get(toolCallId);
  return {
    type: 'tool-result',
    toolCallId,
    content: resultContent,
    ...(known
      ? { toolName: known.name, kind: known.kind }
      : role === 'function'
        ? { toolName: readString(raw, 'name') }
        : {}),
  };
}

/** Arguments are the JSON text as sent; a few clients send an object instead. */
function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function nameOf(raw: JsonRecord): { name?: string } {
  const name = readString(raw, 'name');
  return name !== undefined ? { name } : {};
}

function collect<T>(converted: Converted<T>, warnings: Warning[]): T {
  warnings.push(...converted.warnings);
  return converted.value;
}
