import type { Usage } from '../canonical/types';
import { isRecord, readInteger } from './read-gemini-json';

/**
 * Gemini usageMetadata → canonical usage. promptTokenCount already includes
 * the cached tokens; the model's output is candidates + thoughts (Gemini
 * counts them apart); tool-use prompt tokens are prompt tokens too.
 * Returns the fields the metadata actually reports.
 */
export function decodeGeminiUsage(metadata: unknown): Partial<Usage> {
  if (!isRecord(metadata)) return {};
  const prompt = readInteger(metadata.promptTokenCount);
  const toolPrompt = readInteger(metadata.toolUsePromptTokenCount);
  const candidates = readInteger(metadata.candidatesTokenCount);
  const thoughts = readInteger(metadata.thoughtsTokenCount);
  const cached = readInteger(metadata.cachedContentTokenCount);
  const usage: Partial<Usage> = {};
  if (prompt !== undefined || toolPrompt !== undefined) usage.inputTokens = (prompt ?? 0) + (toolPrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined)
    usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (thoughts !== undefined || candidates !== undefined) usage.reasoningTokens = thoughts ?? 0;
  if (cached !== undefined || prompt !== undefined) usage.cacheReadTokens = cached ?? 0;
  if (prompt !== undefined) usage.cacheWriteTokens = 0;
  return usage;
}

export function encodeGeminiUsage(usage: Usage): Record<string, number> {
  const metadata: Record<string, number> = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - usage.reasoningTokens),
  };
  if (usage.reasoningTokens > 0) metadata.thoughtsTokenCount = usage.reasoningTokens;
  if (usage.cacheReadTokens > 0) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  metadata.totalTokenCount = usage.inputTokens + usage.outputTokens;
  return metadata;
}
