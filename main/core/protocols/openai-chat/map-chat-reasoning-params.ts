import type { Converted, ReasoningEffort, ReasoningRequest, Warning } from '../canonical';
import type { ChatDialect } from './detect-chat-dialect';
import { isOpenAiReasoningModel } from './detect-chat-dialect';
import type { JsonRecord } from './read-wire-fields';

/**
 * Canonical reasoning request → the body fields each vendor reads. Sources
 * (2026): OpenAI `reasoning_effort`; OpenRouter `reasoning {effort | max_tokens
 * | enabled}`; DashScope `enable_thinking` + `thinking_budget`; Zhipu
 * `thinking {type}`; DeepSeek `thinking {type}` + `reasoning_effort`
 * (low/high/max); Kimi K2.5/K2.6 `thinking {type}`, K3 `reasoning_effort`
 * (low/high/max); Ollama `reasoning_effort` (`none` turns thinking off).
 * Vendors without a knob get nothing — asking for reasoning is never an error.
 */
export function mapChatReasoningParams(input: {
  reasoning: ReasoningRequest | undefined;
  dialect: ChatDialect;
  model: string;
}): Converted<JsonRecord> {
  const { reasoning, dialect, model } = input;
  const warnings: Warning[] = [];
  if (!reasoning) return { value: {}, warnings };
  const effort =
    reasoning.effort ??
    (reasoning.budgetTokens !== undefined ? effortForBudget(reasoning.budgetTokens) : undefined);
  const enabled = reasoning.enabled && effort !== 'none';
  const lowerModel = model.toLowerCase();

  switch (dialect) {
    case 'openai':
    case 'azure':
      // Non-reasoning models (gpt-4.1…) answer 400 to reasoning_effort.
      if (!isOpenAiReasoningModel(model))
        return unsupported(warnings, reasoning, `model ${model} takes no reasoning_effort`);
      if (!enabled) {
        // gpt-5.1+ can switch reasoning off, gpt-5 can only minimise it, o-series can do neither.
        if (/gpt-5\.\d/.test(lowerModel)) return { value: { reasoning_effort: 'none' }, warnings };
        if (lowerModel.includes('gpt-5')) return { value: { reasoning_effort: 'minimal' }, warnings };
        warnings.push({ code: 'reasoning-always-on', message: `model ${model} cannot turn reasoning off` });
        return { value: {}, warnings };
      }
      return { value: effort !== undefined ? { reasoning_effort: openAiEffort(effort) } : {}, warnings };
    case 'openrouter':
      if (!enabled) return { value: { reasoning: { effort: 'none' } }, warnings };
      if (reasoning.effort !== undefined)
        return { value: { reasoning: { effort: openAiEffort(reasoning.effort) } }, warnings };
      if (reasoning.budgetTokens !== undefined)
        return { value: { reasoning: { max_tokens: reasoning.budgetTokens } }, warnings };
      return { value: { reasoning: { enabled: true } }, warnings };
    case 'qwen':
      return {
        value: {
          enable_thinking: enabled,
          ...(enabled && reasoning.budgetTokens !== undefined
            ? { thinking_budget: reasoning.budgetTokens }
            : {}),
        },
        warnings,
      };
    case 'zhipu':
      return { value: { thinking: { type: enabled ? 'enabled' : 'disabled' } }, warnings };
    case 'deepseek': {
      // deepseek-reasoner always thinks and predates the switch.
      const value: JsonRecord = lowerModel.includes('reasoner')
        ? {}
        : { thinking: { type: enabled ? 'enabled' : 'disabled' } };
      if (enabled && effort !== undefined) value.reasoning_effort = lowMaxEffort(effort);
      return { value, warnings };
    }
    case 'kimi':
      if (/kimi-k2\.[56]/.test(lowerModel))
        return { value: { thinking: { type: enabled ? 'enabled' : 'disabled' } }, warnings };
      if (/kimi-k3/.test(lowerModel) && enabled && effort !== undefined)
        return { value: { reasoning_effort: lowMaxEffort(effort) }, warnings };
      return unsupported(warnings, reasoning, `model ${model} has no reasoning switch`);
    case 'ollama':
      if (!enabled) return { value: { reasoning_effort: 'none' }, warnings };
      return { value: effort !== undefined ? { reasoning_effort: lowHighEffort(effort) } : {}, warnings };
    case 'minimax':
    case 'mistral':
    case 'groq':
    case 'xai':
    case 'generic':
      return unsupported(
        warnings,
        reasoning,
        `provider dialect ${dialect} has no reasoning parameter we send`,
      );
    default: {
      const _exhaustive: never = dialect;
      throw new Error(`unhandled dialect ${String(_exhaustive)}`);
    }
  }
}

function unsupported(warnings: Warning[], reasoning: ReasoningRequest, why: string): Converted<JsonRecord> {
  if (reasoning.enabled)
    warnings.push({
      code: 'reasoning-param-unsupported',
      message: `reasoning settings were not sent: ${why}`,
    });
  return { value: {}, warnings };
}

/** Anthropic-style budgets → an effort level, for vendors that only take levels. */
function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none';
  if (budget < 4096) return 'low';
  if (budget < 16384) return 'medium';
  return 'high';
}

function openAiEffort(effort: ReasoningEffort): string {
  return effort === 'max' ? 'xhigh' : effort;
}

function lowMaxEffort(effort: ReasoningEffort): string {
  if (effort === 'max') return 'max';
  return effort === 'minimal' || effort === 'low' || effort === 'none' ? 'low' : 'high';
}

function lowHighEffort(effort: ReasoningEffort): string {
  if (effort === 'minimal' || effort === 'low' || effort === 'none') return 'low';
  return effort === 'medium' ? 'medium' : 'high';
}
