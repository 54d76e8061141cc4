import type { BudgetConfig } from '../config/guardrails-schema';
import { BUDGET_LIMITS } from '../config/guardrails-schema';
import type { BudgetAmounts } from '../store';
import { addAmounts } from '../store';

/*
 * Arithmetic and wording of budget amounts: what a limit counts, whether a window is spent, how an
 * amount reads in an over-limit message.
 */

export type LimitName = (typeof BUDGET_LIMITS)[number];

export { addAmounts };

export function subtractAmounts(from: BudgetAmounts, amounts: BudgetAmounts): void {
  from.requests -= amounts.requests;
  from.inputTokens -= amounts.inputTokens;
  from.outputTokens -= amounts.outputTokens;
  from.cacheReadTokens -= amounts.cacheReadTokens;
  from.cacheWriteTokens -= amounts.cacheWriteTokens;
  from.costUsd -= amounts.costUsd;
}

export function amountOf(limit: LimitName, amounts: BudgetAmounts): number {
  switch (limit) {
    case 'requests':
      return amounts.requests;
    case 'tokens':
      return amounts.inputTokens + amounts.outputTokens;
    case 'input_tokens':
      return amounts.inputTokens;
    case 'output_tokens':
      return amounts.outputTokens;
    case 'cache_read_tokens':
      return amounts.cacheReadTokens;
    case 'cache_write_tokens':
      return amounts.cacheWriteTokens;
    case 'cost_usd':
      return amounts.costUsd;
    default: {
      const exhaustive: never = limit;
      throw new Error(`unknown budget limit ${String(exhaustive)}`);
    }
  }
}

/**
 * A window is spent once what it holds (settled + reserved) reaches a limit.
 * Admission only needs room left, not room for the whole worst case, so
 * concurrent requests overshoot by at most one reservation.
 */
export function firstSpentLimit(
  budget: BudgetConfig,
  used: BudgetAmounts,
): { limit: LimitName; used: number; max: number } | undefined {
  for (const limit of BUDGET_LIMITS) {
    const max = budget[limit];
    if (max !== undefined && amountOf(limit, used) >= max) return { limit, used: amountOf(limit, used), max };
  }
  return undefined;
}

export function formatAmount(limit: LimitName, value: number): string {
  return limit === 'cost_usd' ? `$${value.toFixed(4).replace(/\.?0+$/, '')}` : String(Math.round(value));
}

export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}
