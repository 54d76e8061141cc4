import type { ClientContext } from '../canonical/codec';
import type { CanonicalResponse, Converted } from '../canonical/types';
import { encodeGeminiUsage } from './convert-gemini-usage';
import { encodeGeminiParts } from './encode-gemini-parts';
import { encodeGeminiFinishReason } from './map-gemini-finish-reason';
import { isRecord } from './read-gemini-json';

/** Canonical response → GenerateContentResponse for a Gemini client. */
export function encodeGeminiResponse(input: {
  response: CanonicalResponse;
  client: ClientContext;
}): Converted<Record<string, unknown>> {
  const { response, client } = input;
  const parts = encodeGeminiParts({ content: response.content, audience: 'client' });
  const { candidate: candidateExtra, ...topExtra } =
    response.extra?.protocol === 'gemini' ? response.extra.fields : {};
  const body: Record<string, unknown> = {
    candidates: [
      {
        content: { role: 'model', parts: parts.value },
        finishReason: encodeGeminiFinishReason(response.stopReason, response.rawStopReason),
        index: 0,
        ...(isRecord(candidateExtra) ? candidateExtra : {}),
      },
    ],
    usageMetadata: encodeGeminiUsage(response.usage),
    modelVersion: client.requestModel,
    responseId: response.id || client.responseId,
    ...topExtra,
  };
  return { value: body, warnings: parts.warnings };
}
