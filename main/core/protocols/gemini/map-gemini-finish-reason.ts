import type { StopReason } from '../canonical/types';

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** Every finishReason value Gemini documents; a raw value in this set is echoed to Gemini clients as is. */
const GEMINI_FINISH_REASONS = new Set([
  ...CONTENT_FILTER,
  'STOP',
  'MAX_TOKENS',
  'LANGUAGE',
  'OTHER',
  'MALFORMED_FUNCTION_CALL',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
  'MISSING_THOUGHT_SIGNATURE',
  'IMAGE_OTHER',
  'NO_IMAGE',
  'FINISH_REASON_UNSPECIFIED',
]);

/** Gemini finishReason (or promptFeedback.blockReason) → canonical stop reason. */
export function mapGeminiFinishReason(input: {
  finishReason: string | undefined;
  hasToolCalls: boolean;
}): StopReason {
  switch (input.finishReason) {
    case 'STOP':
    case undefined:
      return input.hasToolCalls ? 'tool_use' : 'end_turn';
    case 'MAX_TOKENS':
      return 'max_tokens';
    default:
      return CONTENT_FILTER.has(input.finishReason) ? 'content_filter' : 'other';
  }
}

/** Canonical stop reason → Gemini finishReason, keeping a raw Gemini value when there is one. */
export function encodeGeminiFinishReason(stopReason: StopReason, rawStopReason: string | undefined): string {
  if (rawStopReason !== undefined && GEMINI_FINISH_REASONS.has(rawStopReason)) return rawStopReason;
  switch (stopReason) {
    case 'end_turn':
    case 'tool_use':
    case 'stop_sequence':
    case 'pause_turn':
      return 'STOP';
    case 'max_tokens':
      return 'MAX_TOKENS';
    case 'content_filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
    case 'other':
      return 'OTHER';
    default: {
      const _exhaustive: never = stopReason;
      throw new Error(`unknown stop reason ${String(_exhaustive)}`);
    }
  }
}
