import type { TargetContext } from '../canonical/codec';
import type { CanonicalResponse, ContentPart, Converted, Warning } from '../canonical/types';
import { convertResponsesOutputItem } from './convert-responses-output-item';
import { convertResponsesUsage } from './convert-responses-usage';
import { mapResponsesStopReason } from './map-responses-stop-reason';
import { isRecord, omitKeys, optionalArray, optionalString } from './read-json-values';

/** Fields rebuilt by the encoder; the rest of the response object rides in `extra`. */
const MODELLED_FIELDS = [
  'id',
  'object',
  'created_at',
  'status',
  'incomplete_details',
  'model',
  'output',
  'output_text',
  'usage',
  'error',
];

/** Upstream Responses JSON → canonical response. */
export function decodeResponsesResponse(input: {
  body: unknown;
  target: TargetContext;
}): Converted<CanonicalResponse> {
  const warnings: Warning[] = [];
  const body = isRecord(input.body) ? input.body : {};
  if (!isRecord(input.body))
    warnings.push({ code: 'response-invalid', message: 'The upstream response was not a JSON object.' });
  const content: ContentPart[] = [];
  for (const item of optionalArray(body.output) ?? []) {
    const converted = convertResponsesOutputItem(item);
    content.push(...converted.parts);
    warnings.push(...converted.warnings);
  }
  const stop = mapResponsesStopReason({
    status: body.status,
    incompleteDetails: body.incomplete_details,
    hasToolCalls: content.some((part) => part.type === 'tool-call'),
  });
  const extra = omitKeys(body, MODELLED_FIELDS);
  return {
    value: {
      id: optionalString(body.id) ?? '',
      model: optionalString(body.model) ?? input.target.model,
      content,
      ...stop,
      usage: convertResponsesUsage(body.usage),
      ...(extra ? { extra: { protocol: 'openai-responses' as const, fields: extra } } : {}),
    },
    warnings,
  };
}
