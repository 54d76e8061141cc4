import type { Usage } from './types';

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

/** Overlay the fields a later report knows (usage reports are cumulative, not increments). */
export function mergeUsage(base: Usage, update: Partial<Usage>): Usage {
  const merged = { ...base };
  for (const key of Object.keys(update) as (keyof Usage)[]) {
    const value = update[key];
    if (typeof value === 'number' && Number.isFinite(value)) merged[key] = value;
  }
  return merged;
}
