import type { CanonicalResponse, ContentPart, Converted, TargetContext, Warning } from '../canonical';
import { ProtocolError, emptyUsage, mergeUsage } from '../canonical';
import { decodeAnthropicContentBlock } from './decode-anthropic-content-block';
import { convertAnthropicUsage, readAnthropicUsage } from './map-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { isWireObject, pickUnknownFields, readString } from './read-wire-value';

const MODELLED_FIELDS = new Set([
  'id',
  'type',
  'role',
  'model',
  'content',
  'stop_reason',
  'stop_sequence',
  'usage',
]);
const MODELLED_USAGE_FIELDS = new Set([
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
]);

/** Anthropic message JSON (non-streaming) → canonical response. */
export function decodeAnthropicResponse(input: {
  body: unknown;
  target: TargetContext;
}): Converted<CanonicalResponse> {
  const { body, target } = input;
  if (!isWireObject(body) || !Array.isArray(body.content)) {
    throw new ProtocolError('api_error', 502, 'The Anthropic upstream returned a body that is not a message');
  }
  const warnings: Warning[] = [];
  const content: ContentPart[] = body.content.map((block: unknown, index) => {
    const decoded = decodeAnthropicContentBlock({
      block,
      context: { mode: 'response', path: `content[${index}]` },
    });
    warnings.push(...decoded.warnings);
    return decoded.value;
  });
  const rawStopReason = readString(body.stop_reason);
  const response: CanonicalResponse = {
    id: readString(body.id) ?? '',
    model: readString(body.model) ?? target.model,
    content,
    stopReason: mapAnthropicStopReason(rawStopReason),
    usage: mergeUsage(emptyUsage(), convertAnthropicUsage(readAnthropicUsage(body.usage))),
  };
  if (rawStopReason !== undefined) response.rawStopReason = rawStopReason;
  const stopSequence = readString(body.stop_sequence);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;

  // context_management, container, stop_details and usage details (cache_creation, server_tool_use…) ride along for an Anthropic client.
  const fields = pickUnknownFields(body, MODELLED_FIELDS);
  if (isWireObject(body.usage)) {
    const usageDetails = pickUnknownFields(body.usage, MODELLED_USAGE_FIELDS);
    if (Object.keys(usageDetails).length > 0) fields.usage = usageDetails;
  }
  if (Object.keys(fields).length > 0) response.extra = { protocol: 'anthropic', fields };
  return { value: response, warnings };
}
