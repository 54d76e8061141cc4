import { invalidRequest } from '../canonical/errors';
import type { CanonicalRequest, Converted } from '../canonical/types';
import { decodeGeminiRequest } from './decode-gemini-request';
import { isRecord } from './read-gemini-json';

/**
 * `models/{model}:countTokens` body → canonical request. The body is either
 * `{contents}` or `{generateContentRequest: {model, contents, tools…}}`; as
 * for generateContent, the server puts the URL's model into `body.model`.
 */
export function decodeGeminiCountTokensRequest(body: unknown): Converted<CanonicalRequest> {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object');
  if (body.generateContentRequest !== undefined) {
    if (!isRecord(body.generateContentRequest))
      throw invalidRequest('generateContentRequest must be an object');
    const inner = body.generateContentRequest;
    return decodeGeminiRequest({ body: { ...inner, model: inner.model ?? body.model, stream: false } });
  }
  return decodeGeminiRequest({ body: { model: body.model, contents: body.contents ?? [], stream: false } });
}
