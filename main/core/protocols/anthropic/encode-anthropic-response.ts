import type {
  CanonicalResponse,
  ClientContext,
  ContentPart,
  Converted,
  ReasoningPart,
  Warning,
} from '../canonical';
import { packSignature } from '../canonical';
import type { AnthropicBlock } from './encode-anthropic-content-part';
import { encodeAnthropicContentPart } from './encode-anthropic-content-part';
import { encodeAnthropicStopReason } from './map-anthropic-stop-reason';
import { encodeAnthropicUsage } from './map-anthropic-usage';
import { isWireObject } from './read-wire-value';

/** Anthropic clients expect `msg_…` ids. */
export function anthropicMessageId(upstreamId: string | undefined, client: ClientContext): string {
  if (upstreamId?.startsWith('msg_')) return upstreamId;
  return client.responseId.startsWith('msg_') ? client.responseId : `msg_${client.responseId}`;
}

/**
 * Reasoning for an Anthropic client: any provider's signature (or Responses
 * encrypted content) goes in the signature slot, wrapped when foreign, so the
 * client replays it and a later request can route it back to its origin.
 */
export function encodeReasoningForClient(
  part: Pick<ReasoningPart, 'text' | 'signature' | 'encrypted' | 'redactedData'>,
): AnthropicBlock {
  if (part.redactedData !== undefined && part.text === '')
    return { type: 'redacted_thinking', data: part.redactedData };
  const signature = part.signature ?? part.encrypted;
  return {
    type: 'thinking',
    thinking: part.text,
    signature: signature ? packSignature(signature, 'anthropic') : '',
  };
}

export function encodeResponseBlock(part: ContentPart, warnings: Warning[]): AnthropicBlock | undefined {
  if (part.type === 'reasoning') return encodeReasoningForClient(part);
  if (part.type === 'image' || part.type === 'file' || part.type === 'tool-result') {
    warnings.push({
      code: `${part.type}-dropped`,
      message: `An Anthropic assistant message cannot hold a ${part.type} part; dropped`,
    });
    return undefined;
  }
  return encodeAnthropicContentPart({ part, role: 'assistant', warnings });
}

/** Canonical response → Anthropic message JSON for the client. */
export function encodeAnthropicResponse(input: {
  response: CanonicalResponse;
  client: ClientContext;
}): Converted<Record<string, unknown>> {
  const { response, client } = input;
  const warnings: Warning[] = [];
  const content: AnthropicBlock[] = [];
  for (const part of response.content) {
    const block = encodeResponseBlock(part, warnings);
    if (block) content.push(block);
  }
  const extra = response.extra?.protocol === 'anthropic' ? response.extra.fields : {};
  const usageDetails = isWireObject(extra.usage) ? extra.usage : {};
  const message: Record<string, unknown> = {
    ...extra,
    id: anthropicMessageId(response.id, client),
    type: 'message',
    role: 'assistant',
    model: client.requestModel,
    content,
    stop_reason: encodeAnthropicStopReason({
      stopReason: response.stopReason,
      rawStopReason: response.rawStopReason,
      hasToolUse: content.some((block) => block.type === 'tool_use'),
    }),
    stop_sequence: response.stopSequence ?? null,
    usage: { ...usageDetails, ...encodeAnthropicUsage(response.usage) },
  };
  return { value: message, warnings };
}
