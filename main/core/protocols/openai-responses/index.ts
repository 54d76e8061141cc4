import type { ProtocolCodec } from '../canonical/codec';
import { decodeResponsesError, encodeResponsesError } from './convert-responses-error';
import { createResponsesStreamDecoder } from './create-responses-stream-decoder';
import { createResponsesStreamEncoder } from './create-responses-stream-encoder';
import { decodeResponsesRequest } from './decode-responses-request';
import { decodeResponsesResponse } from './decode-responses-response';
import { encodeResponsesRequest } from './encode-responses-request';
import { encodeResponsesResponse } from './encode-responses-response';

/** OpenAI Responses API (`POST /v1/responses`): what Codex CLI speaks. */
export const openaiResponsesCodec: ProtocolCodec = {
  protocol: 'openai-responses',
  decodeRequest: decodeResponsesRequest,
  encodeRequest: encodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  encodeResponse: encodeResponsesResponse,
  createStreamDecoder: () => createResponsesStreamDecoder(),
  createStreamEncoder: createResponsesStreamEncoder,
  encodeError: encodeResponsesError,
  decodeError: decodeResponsesError,
};

export { assertNoPreviousResponseId } from './assert-no-previous-response-id';
