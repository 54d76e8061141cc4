import type { StopReason } from '../canonical';

/** Chat `finish_reason` → canonical stop reason (the raw value is kept beside it by callers). */
export function mapChatFinishReason(finishReason: string, hasToolCalls: boolean): StopReason {
  switch (finishReason) {
    case 'stop':
      // Some providers (Ollama, Gemini's compat layer) say `stop` after tool calls.
      return hasToolCalls ? 'tool_use' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}

const CHAT_FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/** Canonical stop reason → Chat `finish_reason` for a Chat client. */
export function encodeChatFinishReason(input: {
  stopReason: StopReason;
  rawStopReason?: string;
  hasToolCalls: boolean;
}): string {
  const { stopReason, rawStopReason, hasToolCalls } = input;
  let finish: string;
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
    case 'error':
      finish = 'stop';
      break;
    case 'max_tokens':
      finish = 'length';
      break;
    case 'tool_use':
      finish = 'tool_calls';
      break;
    case 'content_filter':
    case 'refusal':
      finish = 'content_filter';
      break;
    case 'other':
      finish = rawStopReason !== undefined && CHAT_FINISH_REASONS.has(rawStopReason) ? rawStopReason : 'stop';
      break;
    default: {
      const _exhaustive: never = stopReason;
      finish = String(_exhaustive);
    }
  }
  // Chat clients run tools only on `tool_calls` (Gemini ends tool turns with STOP).
  return finish === 'stop' && hasToolCalls ? 'tool_calls' : finish;
}
