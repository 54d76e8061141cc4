import type { ContentPart, Warning } from '../canonical/types';
import { convertOutputText } from './convert-responses-content-to-parts';
import { convertReasoningItem } from './convert-responses-input-to-messages';
import { type JsonRecord, isRecord, optionalArray, optionalString } from './read-json-values';

/** A `web_search_call` item → a server tool call that keeps the action (query, sources) as input. */
export function convertWebSearchCall(item: JsonRecord): ContentPart {
  return {
    type: 'server-tool-call',
    id: optionalString(item.id) ?? '',
    name: 'web_search',
    input: item.action ?? {},
    protocol: 'openai-responses',
  };
}

/**
 * One Responses output item (from a response body or a stream's
 * output_item.done) → canonical parts. Read leniently: an upstream's
 * oddities become opaque parts, never exceptions.
 */
export function convertResponsesOutputItem(item: unknown): { parts: ContentPart[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  if (!isRecord(item))
    return {
      parts: [],
      warnings: [{ code: 'output-item-invalid', message: 'An output item was not an object.' }],
    };
  switch (item.type) {
    case 'message': {
      const phase = optionalString(item.phase);
      const parts = (optionalArray(item.content) ?? []).filter(isRecord).map((part): ContentPart => {
        if (part.type === 'output_text') return convertOutputText(part, phase);
        if (part.type === 'refusal') return { type: 'text', text: optionalString(part.refusal) ?? '' };
        return { type: 'opaque', protocol: 'openai-responses', value: part };
      });
      return { parts, warnings };
    }
    case 'reasoning':
      return { parts: [convertReasoningItem(item)], warnings };
    case 'function_call':
    case 'custom_tool_call': {
      const custom = item.type === 'custom_tool_call';
      const itemId = optionalString(item.id);
      const namespace = optionalString(item.namespace);
      const caller = item.caller !== undefined && item.caller !== null ? { caller: item.caller } : undefined;
      return {
        parts: [
          {
            type: 'tool-call',
            id: optionalString(item.call_id) ?? itemId ?? '',
            name: optionalString(item.name) ?? '',
            arguments: (custom ? optionalString(item.input) : optionalString(item.arguments)) ?? '',
            kind: custom ? 'custom' : 'function',
            ...(itemId !== undefined ? { itemId } : {}),
            ...(namespace !== undefined ? { namespace } : {}),
            // Kept for a Responses client; another client's encoder has no slot for it.
            ...(caller ? { extra: { protocol: 'openai-responses' as const, fields: caller } } : {}),
          },
        ],
        warnings,
      };
    }
    case 'web_search_call':
      return { parts: [convertWebSearchCall(item)], warnings };
    default:
      // local_shell_call, shell_call, apply_patch_call, compaction, tool_search_*…
      return { parts: [{ type: 'opaque', protocol: 'openai-responses', value: item }], warnings };
  }
}
