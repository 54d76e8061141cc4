import { packSignature } from '../canonical/signature';
import type { ReasoningPart, ServerToolCallPart, TextPart, ToolCallPart, Warning } from '../canonical/types';
import type { JsonRecord } from './read-json-values';

/*
 * Assistant-side canonical parts → Responses items. Shared by the request
 * encoder (history sent upstream) and the response encoders (output for a client).
 */

/** `upstream`: a Responses provider that only accepts its own tokens; `client`: a Responses client that replays what we hand it. */
export type ItemAudience = 'upstream' | 'client';

export function convertTextPartsToMessageItem(input: {
  parts: TextPart[];
  id?: string;
  status?: string;
}): JsonRecord {
  const phase = input.parts.find((part) => part.phase !== undefined)?.phase;
  return {
    type: 'message',
    role: 'assistant',
    ...(input.id !== undefined ? { id: input.id } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    content: input.parts.map((part) => ({
      type: 'output_text',
      text: part.text,
      annotations: part.citations?.protocol === 'openai-responses' ? part.citations.value : [],
    })),
    ...(phase !== undefined ? { phase } : {}),
  };
}

function summaryOf(part: ReasoningPart): JsonRecord[] {
  const texts = part.summary ?? (part.text !== '' ? [part.text] : []);
  return texts.map((text) => ({ type: 'summary_text', text }));
}

/**
 * A reasoning part → `reasoning` item, or a warning when it can't travel.
 * Upstream: only our own encrypted_content (or a stored item id) is replayed;
 * a client gets foreign signatures wrapped so they come back to us intact.
 */
export function convertReasoningPartToItem(input: {
  part: ReasoningPart;
  audience: ItemAudience;
  /** Request `store`: without it, a bare item id can't be resolved upstream. */
  store?: boolean;
}): { item?: JsonRecord; warning?: Warning } {
  const { part, audience } = input;
  const base: JsonRecord = {
    type: 'reasoning',
    ...(part.itemId !== undefined ? { id: part.itemId } : {}),
    summary: summaryOf(part),
  };
  if (audience === 'client') {
    const token = part.encrypted ?? part.signature;
    const warning: Warning | undefined =
      part.redactedData !== undefined
        ? {
            code: 'redacted-reasoning-dropped',
            message: 'Redacted thinking has no slot in a Responses reasoning item.',
          }
        : undefined;
    const item = token ? { ...base, encrypted_content: packSignature(token, 'openai-responses') } : base;
    return { item, ...(warning ? { warning } : {}) };
  }
  if (part.encrypted?.origin === 'openai-responses')
    return { item: { ...base, encrypted_content: part.encrypted.value } };
  const foreign = part.encrypted ?? part.signature;
  if (
    foreign === undefined &&
    part.redactedData === undefined &&
    part.itemId !== undefined &&
    input.store !== false
  ) {
    return { item: base };
  }
  return {
    warning: {
      code: 'reasoning-dropped',
      message:
        foreign !== undefined
          ? `Reasoning signed by ${foreign.origin} cannot be replayed to a Responses provider; it was left out.`
          : 'Reasoning without Responses encrypted_content cannot be replayed to a Responses provider; it was left out.',
    },
  };
}

export function convertToolCallPartToItem(input: {
  part: ToolCallPart;
  id?: string;
  status?: string;
}): JsonRecord {
  const { part } = input;
  const id = input.id ?? part.itemId;
  const common = {
    // A Responses upstream's own call fields (`caller` of a hosted program) come back as they were.
    ...(part.extra?.protocol === 'openai-responses' ? part.extra.fields : {}),
    ...(id !== undefined ? { id } : {}),
    call_id: part.id,
    name: part.name,
    ...(part.namespace !== undefined ? { namespace: part.namespace } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  return part.kind === 'custom'
    ? { type: 'custom_tool_call', ...common, input: part.arguments }
    : { type: 'function_call', ...common, arguments: part.arguments };
}

/** Only Responses' own web search calls can be written back as `web_search_call` items. */
export function convertServerToolCallToItem(part: ServerToolCallPart): JsonRecord | undefined {
  if (part.protocol !== 'openai-responses' || part.name !== 'web_search') return undefined;
  return { type: 'web_search_call', id: part.id, status: 'completed', action: part.input };
}
