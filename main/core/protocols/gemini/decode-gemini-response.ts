import { randomUUID } from 'node:crypto';
import { emptyUsage, mergeUsage } from '../canonical/usage';
import type { TargetContext } from '../canonical/codec';
import type { CanonicalResponse, Converted, Warning } from '../canonical/types';
import { decodeGeminiUsage } from './convert-gemini-usage';
import { decodeGeminiParts } from './decode-gemini-parts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { isRecord, readString } from './read-gemini-json';
import { synthesizeResponseToolCallId } from './synthesize-tool-call-id';

const MODELLED_KEYS = new Set(['candidates', 'usageMetadata', 'modelVersion', 'responseId']);
const MODELLED_CANDIDATE_KEYS = new Set(['content', 'finishReason', 'index']);

/** Gemini GenerateContentResponse → canonical response (first candidate; we never ask for more). */
export function decodeGeminiResponse(input: {
  body: unknown;
  target: TargetContext;
}): Converted<CanonicalResponse> {
  const warnings: Warning[] = [];
  const body = isRecord(input.body) ? input.body : {};
  const id = readString(body.responseId) ?? `gemini-${randomUUID()}`;
  const candidates = Array.isArray(body.candidates) ? body.candidates : [];
  const candidate = isRecord(candidates[0]) ? candidates[0] : undefined;
  if (candidates.length > 1)
    warnings.push({ code: 'candidates-dropped', message: 'Only the first of several candidates was kept.' });

  let callIndex = 0;
  const parts = decodeGeminiParts({
    parts: isRecord(candidate?.content) ? (candidate.content.parts ?? []) : [],
    path: 'candidates[0].content.parts',
    strict: false,
    toolCallId: (wireId) => wireId ?? synthesizeResponseToolCallId(id, callIndex++),
    toolResultId: (wireId, name) => wireId ?? name,
  });
  warnings.push(...parts.warnings);

  const blockReason = isRecord(body.promptFeedback) ? readString(body.promptFeedback.blockReason) : undefined;
  const finishReason = readString(candidate?.finishReason);
  const rawStopReason = finishReason ?? blockReason;
  const stopReason =
    candidate === undefined && blockReason !== undefined
      ? 'content_filter'
      : mapGeminiFinishReason({
          finishReason,
          hasToolCalls: parts.value.some((part) => part.type === 'tool-call'),
        });

  const response: CanonicalResponse = {
    id,
    model: readString(body.modelVersion) ?? input.target.model,
    content: parts.value,
    stopReason,
    ...(rawStopReason !== undefined ? { rawStopReason } : {}),
    usage: mergeUsage(emptyUsage(), decodeGeminiUsage(body.usageMetadata)),
  };

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MODELLED_KEYS.has(key)) extra[key] = value;
  if (candidate) {
    const candidateExtra = Object.fromEntries(
      Object.entries(candidate).filter(([key]) => !MODELLED_CANDIDATE_KEYS.has(key)),
    );
    if (Object.keys(candidateExtra).length > 0) extra.candidate = candidateExtra;
  }
  if (Object.keys(extra).length > 0) response.extra = { protocol: 'gemini', fields: extra };
  return { value: response, warnings };
}
