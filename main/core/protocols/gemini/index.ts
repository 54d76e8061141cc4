import type { ProtocolCodec } from '../canonical/codec';
import { createGeminiStreamDecoder } from './create-gemini-stream-decoder';
import { createGeminiStreamEncoder } from './create-gemini-stream-encoder';
import { decodeGeminiRequest } from './decode-gemini-request';
import { decodeGeminiResponse } from './decode-gemini-response';
import { encodeGeminiRequest } from './encode-gemini-request';
import { encodeGeminiResponse } from './encode-gemini-response';
import { decodeGeminiError, encodeGeminiError } from './map-gemini-error';

/**
 * Gemini generateContent / streamGenerateContent. The model and the stream
 * flag travel in the URL: callers put them into `body.model` / `body.stream`
 * before decodeRequest, and encodeRequest leaves both out of the body.
 */
export const geminiCodec: ProtocolCodec = {
  protocol: 'gemini',
  decodeRequest: decodeGeminiRequest,
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  encodeResponse: encodeGeminiResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  createStreamEncoder: createGeminiStreamEncoder,
  encodeError: encodeGeminiError,
  decodeError: decodeGeminiError,
};

export { reduceJsonSchemaForGemini, GEMINI_SCHEMA_KEYS } from './reduce-json-schema-for-gemini';
export { decodeGeminiCountTokensRequest } from './decode-gemini-count-tokens-request';
export { DUMMY_THOUGHT_SIGNATURE } from './encode-gemini-parts';
