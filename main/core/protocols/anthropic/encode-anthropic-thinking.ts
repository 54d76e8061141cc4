import type { ReasoningEffort, ReasoningRequest, ToolChoice, Warning } from '../canonical';

/** Budget for a client that gave an effort but no budget (OpenAI reasoning_effort and the like). */
const BUDGET_BY_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 32000,
};
const ANTHROPIC_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, string> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
  max: 'max',
};
const MIN_BUDGET = 1024;
/** Room left for the answer when we raise a defaulted max_tokens above the thinking budget. */
const ANSWER_ROOM = 4096;

/**
 * max_tokens when the client gave none (Anthropic requires it). Old Claude 3
 * models cap output at 4096/8192 and reject more; unknown models behind
 * Anthropic-compatible endpoints get a conservative 8192.
 */
export function defaultMaxTokens(model: string): number {
  if (/claude-3-(haiku|sonnet|opus)-2024/.test(model) || /claude-3-(haiku|sonnet|opus)$/.test(model))
    return 4096;
  if (/claude-3[-.]5/.test(model)) return 8192;
  if (/claude/.test(model)) return 32000;
  return 8192;
}

export interface EncodedThinking {
  thinking?: Record<string, unknown>;
  effort?: string;
  maxTokens: number;
  /** Thinking is on: Anthropic then restricts temperature, top_p and top_k. */
  thinkingOn: boolean;
}

/**
 * Canonical reasoning → Anthropic `thinking` (+ `output_config.effort`) and
 * the max_tokens to send, keeping budget_tokens < max_tokens as Anthropic requires.
 */
export function encodeAnthropicThinking(input: {
  reasoning?: ReasoningRequest;
  maxOutputTokens?: number;
  model: string;
  toolChoice?: ToolChoice;
  fromAnthropic: boolean;
  warnings: Warning[];
}): EncodedThinking {
  const { reasoning, maxOutputTokens, warnings } = input;
  let maxTokens = maxOutputTokens ?? defaultMaxTokens(input.model);
  if (!reasoning) return { maxTokens, thinkingOn: false };
  const effort =
    reasoning.effort === undefined || reasoning.effort === 'none'
      ? undefined
      : ANTHROPIC_EFFORT[reasoning.effort];
  if (!reasoning.enabled || reasoning.effort === 'none') {
    // Effort without thinking still steers an Anthropic model's spend; only an Anthropic client sets it so.
    return {
      thinking: { type: 'disabled' },
      effort: input.fromAnthropic ? effort : undefined,
      maxTokens,
      thinkingOn: false,
    };
  }
  if (input.toolChoice?.type === 'required' || input.toolChoice?.type === 'tool') {
    warnings.push({
      code: 'thinking-dropped',
      message: 'Anthropic does not allow thinking when tool_choice forces a tool; thinking turned off',
    });
    return { maxTokens, thinkingOn: false };
  }
  const display = reasoning.display === undefined ? {} : { display: reasoning.display };
  if (reasoning.adaptive)
    return { thinking: { type: 'adaptive', ...display }, effort, maxTokens, thinkingOn: true };

  let budget = reasoning.budgetTokens ?? BUDGET_BY_EFFORT[reasoning.effort ?? 'medium'];
  if (budget < MIN_BUDGET) {
    warnings.push({
      code: 'thinking-budget-raised',
      message: `Thinking budget ${budget} raised to Anthropic's minimum ${MIN_BUDGET}`,
    });
    budget = MIN_BUDGET;
  }
  if (budget >= maxTokens) {
    if (maxOutputTokens === undefined) {
      maxTokens = budget + ANSWER_ROOM;
    } else if (maxTokens - 1 >= MIN_BUDGET) {
      warnings.push({
        code: 'thinking-budget-lowered',
        message: `Thinking budget ${budget} lowered to ${maxTokens - 1} to stay under max_tokens ${maxTokens}`,
      });
      budget = maxTokens - 1;
    } else {
      warnings.push({
        code: 'thinking-dropped',
        message: `max_tokens ${maxTokens} leaves no room for Anthropic's minimum thinking budget; thinking turned off`,
      });
      return { maxTokens, thinkingOn: false };
    }
  }
  return {
    thinking: { type: 'enabled', budget_tokens: budget, ...display },
    // Effort next to a budget is an Anthropic client's own choice; for others the budget already says it.
    effort: input.fromAnthropic ? effort : undefined,
    maxTokens,
    thinkingOn: true,
  };
}
