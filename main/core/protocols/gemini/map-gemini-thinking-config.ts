import { invalidRequest } from '../canonical/errors';
import type { Converted, ReasoningEffort, ReasoningRequest, Warning } from '../canonical/types';
import { isRecord, readInteger, readString } from './read-gemini-json';

const EFFORT_BY_LEVEL: Record<string, ReasoningEffort> = {
  MINIMAL: 'minimal',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
};

/** `generationConfig.thinkingConfig` → canonical reasoning request. */
export function decodeGeminiThinkingConfig(config: unknown): ReasoningRequest | undefined {
  if (config === undefined || config === null) return undefined;
  if (!isRecord(config)) throw invalidRequest('generationConfig.thinkingConfig must be an object');
  const budget = readInteger(config.thinkingBudget);
  const level = readString(config.thinkingLevel)?.toUpperCase();
  if (level !== undefined && level !== 'THINKING_LEVEL_UNSPECIFIED' && !(level in EFFORT_BY_LEVEL)) {
    throw invalidRequest(`generationConfig.thinkingConfig.thinkingLevel: unknown level "${level}"`);
  }
  const reasoning: ReasoningRequest = { enabled: budget !== 0 };
  const effort = level === undefined ? undefined : EFFORT_BY_LEVEL[level];
  if (effort) reasoning.effort = effort;
  if (budget === -1) reasoning.adaptive = true;
  else if (budget !== undefined && budget > 0) reasoning.budgetTokens = budget;
  if (config.includeThoughts === true) reasoning.summary = 'auto';
  return reasoning;
}

const BUDGET_BY_EFFORT: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 32768,
};

/*
 * Gemini 3 takes `thinkingLevel` (it cannot turn thinking off); Gemini 2.5
 * takes `thinkingBudget` (0 = off, except on Pro, whose floor is 128; -1 =
 * dynamic). includeThoughts makes the thought summaries stream back, which is
 * what every client that asked for thinking wants to see.
 */
export function encodeGeminiThinkingConfig(input: {
  reasoning: ReasoningRequest;
  model: string;
}): Converted<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const { reasoning } = input;
  const model = input.model.toLowerCase();
  const isPro = model.includes('pro');
  if (/gemini-[3-9]/.test(model)) {
    const effort = reasoning.enabled
      ? (reasoning.effort ?? effortForBudget(reasoning.budgetTokens))
      : 'minimal';
    let level = effort === undefined ? undefined : levelForEffort(effort);
    if (level === 'MINIMAL' && isPro) level = 'LOW';
    if (!reasoning.enabled)
      warnings.push({
        code: 'reasoning-cannot-disable',
        message: `Gemini 3 models cannot turn thinking off; thinkingLevel "${level}" was used.`,
      });
    return {
      value: { ...(level ? { thinkingLevel: level } : {}), includeThoughts: reasoning.enabled },
      warnings,
    };
  }
  if (!reasoning.enabled || reasoning.effort === 'none') {
    if (isPro)
      warnings.push({
        code: 'reasoning-cannot-disable',
        message: 'Gemini 2.5 Pro cannot turn thinking off; the minimum budget (128) was used.',
      });
    return { value: { thinkingBudget: isPro ? 128 : 0, includeThoughts: false }, warnings };
  }
  const budget =
    reasoning.budgetTokens ??
    (reasoning.effort && !reasoning.adaptive ? BUDGET_BY_EFFORT[reasoning.effort] : -1);
  return { value: { thinkingBudget: budget, includeThoughts: true }, warnings };
}

function levelForEffort(effort: ReasoningEffort): string {
  switch (effort) {
    case 'none':
    case 'minimal':
      return 'MINIMAL';
    case 'low':
      return 'LOW';
    case 'medium':
      return 'MEDIUM';
    case 'high':
    case 'xhigh':
    case 'max':
      return 'HIGH';
    default: {
      const _exhaustive: never = effort;
      throw new Error(`unknown effort ${String(_exhaustive)}`);
    }
  }
}

function effortForBudget(budget: number | undefined): ReasoningEffort | undefined {
  if (budget === undefined) return undefined;
  if (budget <= 1024) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}
