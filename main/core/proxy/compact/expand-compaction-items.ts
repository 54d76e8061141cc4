import type { Converted, ProtocolName, Warning } from '../../protocols/canonical';
import { isAisCompaction, openCompactionSummary } from './seal-compaction-summary';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a summary reads inside the instructions: a heading the model can't mistake for the client's own rules. */
export function formatSummaryForInstructions(summary: string): string {
  return [
    '## Summary of the conversation so far',
    '',
    'The earlier part of this conversation was compacted by AI Switch; this summary replaces it.',
    'Continue the work from here.',
    '',
    summary.trim(),
  ].join('\n');
}

/**
 * A Responses request body whose `input` carries AI Switch compaction items
 * (made by `/v1/responses/compact` for a provider without native compaction):
 * each item leaves `input` and its summary is appended to `instructions`.
 * Works on the wire body, before decoding, so a passthrough forward never
 * carries our envelope to a provider. Compaction items a provider made (not
 * ours) stay where they are: a Responses provider reads them, and other
 * encoders drop them with a warning. Other protocols, and bodies without our
 * items, come back as the very same object.
 */
export function expandCompactionItems(input: {
  protocol: ProtocolName;
  body: JsonRecord;
}): Converted<JsonRecord> {
  const { protocol, body } = input;
  if (protocol !== 'openai-responses' || !Array.isArray(body.input)) return { value: body, warnings: [] };
  const items: unknown[] = body.input;
  const ours = (item: unknown): item is JsonRecord =>
    isRecord(item) && item.type === 'compaction' && isAisCompaction(item.encrypted_content);
  if (!items.some(ours)) return { value: body, warnings: [] };

  const warnings: Warning[] = [];
  const summaries: string[] = [];
  const kept: unknown[] = [];
  for (const item of items) {
    if (!ours(item)) {
      kept.push(item);
      continue;
    }
    const opened = openCompactionSummary(item.encrypted_content as string);
    warnings.push(...opened.warnings);
    if (opened.value) summaries.push(formatSummaryForInstructions(opened.value.summary));
  }
  const instructions =
    typeof body.instructions === 'string' && body.instructions !== '' ? [body.instructions] : [];
  const expanded: JsonRecord = { ...body, input: kept };
  if (instructions.length + summaries.length > 0)
    expanded.instructions = [...instructions, ...summaries].join('\n\n');
  return { value: expanded, warnings };
}
