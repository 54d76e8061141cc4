import { randomUUID } from 'node:crypto';
import type { CanonicalResponse, OpaquePart, Usage } from '../../protocols/canonical';
import { sealCompactionSummary } from './seal-compaction-summary';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The summary as a Responses `compaction` item, its `encrypted_content` an AI Switch envelope. */
export function createCompactionItem(input: {
  summary: string;
  model: string;
  createdAt: number;
}): JsonRecord {
  return {
    id: `cmp_${randomUUID().replaceAll('-', '')}`,
    type: 'compaction',
    encrypted_content: sealCompactionSummary(input),
  };
}

/** A canonical answer whose only output is the compaction item (what a `compaction_trigger` turn returns). */
export function createCompactionResponse(input: {
  item: JsonRecord;
  model: string;
  usage: Usage;
}): CanonicalResponse {
  const part: OpaquePart = { type: 'opaque', protocol: 'openai-responses', value: input.item };
  return { id: '', model: input.model, content: [part], stopReason: 'end_turn', usage: input.usage };
}

/**
 * The user messages of the compacted input, as OpenAI's compact endpoint
 * keeps them: the client replaces its history with `output`, so what the
 * user asked stays verbatim and only the rest is summarised.
 */
function retainedUserMessages(input: unknown): unknown[] {
  if (typeof input === 'string') {
    return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  if (!Array.isArray(input)) return [];
  return input.filter(
    (item) => isRecord(item) && (item.type === 'message' || item.type === undefined) && item.role === 'user',
  );
}

/**
 * The `response.compaction` object of `POST /v1/responses/compact`, built
 * from the Responses object our codec encoded for the compaction answer
 * (id, timestamps, usage in the SDK's shape) and the request body.
 */
export function buildCompactedResponse(input: { encoded: JsonRecord; requestBody: JsonRecord }): JsonRecord {
  const { encoded, requestBody } = input;
  const output = Array.isArray(encoded.output) ? encoded.output : [];
  return {
    id: encoded.id,
    object: 'response.compaction',
    created_at: encoded.created_at,
    output: [...retainedUserMessages(requestBody.input), ...output],
    usage: encoded.usage,
  };
}
