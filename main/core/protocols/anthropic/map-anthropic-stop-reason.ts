import type { StopReason } from '../canonical';

const CANONICAL_BY_ANTHROPIC: Record<string, StopReason> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
  pause_turn: 'pause_turn',
  refusal: 'refusal',
  // The context window filled up: to a client this is running out of room, like max_tokens.
  model_context_window_exceeded: 'max_tokens',
};

/** Anthropic `stop_reason` → canonical. A missing reason on a finished message is a normal end. */
export function mapAnthropicStopReason(raw: string | null | undefined): StopReason {
  if (raw === null || raw === undefined) return 'end_turn';
  return CANONICAL_BY_ANTHROPIC[raw] ?? 'other';
}

/**
 * Canonical → Anthropic `stop_reason`. The upstream's own value is kept when it
 * is an Anthropic reason meaning the same thing (e.g. model_context_window_exceeded).
 */
export function encodeAnthropicStopReason(input: {
  stopReason: StopReason;
  rawStopReason?: string;
  hasToolUse: boolean;
}): string {
  const { stopReason, rawStopReason, hasToolUse } = input;
  if (rawStopReason !== undefined && CANONICAL_BY_ANTHROPIC[rawStopReason] === stopReason)
    return rawStopReason;
  switch (stopReason) {
    case 'end_turn':
    case 'other':
    case 'error':
      // Some Chat upstreams finish with `stop` after tool calls; Claude Code only runs tools on `tool_use`.
      return hasToolUse ? 'tool_use' : 'end_turn';
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
    case 'refusal':
      return stopReason;
    case 'content_filter':
      return 'refusal';
    default: {
      const _exhaustive: never = stopReason;
      return _exhaustive;
    }
  }
}
