import type { StopReason } from '../canonical/types';
import { isRecord, optionalString } from './read-json-values';

/**
 * Responses has no finish reason, only `status` and `incomplete_details`:
 * a completed response that called a client tool stopped for `tool_use`.
 */
export function mapResponsesStopReason(input: {
  status: unknown;
  incompleteDetails: unknown;
  hasToolCalls: boolean;
}): { stopReason: StopReason; rawStopReason?: string } {
  const status = optionalString(input.status);
  if (status === 'incomplete') {
    const reason = isRecord(input.incompleteDetails)
      ? optionalString(input.incompleteDetails.reason)
      : undefined;
    if (reason === 'max_output_tokens') return { stopReason: 'max_tokens', rawStopReason: reason };
    if (reason === 'content_filter') return { stopReason: 'content_filter', rawStopReason: reason };
    return { stopReason: 'other', rawStopReason: reason ?? status };
  }
  if (status === 'failed' || status === 'cancelled') return { stopReason: 'error', rawStopReason: status };
  if (input.hasToolCalls)
    return { stopReason: 'tool_use', ...(status !== undefined ? { rawStopReason: status } : {}) };
  return { stopReason: 'end_turn', ...(status !== undefined ? { rawStopReason: status } : {}) };
}

/** Canonical stop reason → Responses `status` and `incomplete_details`. */
export function encodeResponsesStatus(stopReason: StopReason): {
  status: 'completed' | 'incomplete';
  incompleteDetails: { reason: string } | null;
} {
  if (stopReason === 'max_tokens')
    return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  if (stopReason === 'content_filter')
    return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  return { status: 'completed', incompleteDetails: null };
}
