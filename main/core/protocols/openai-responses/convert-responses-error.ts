import type { CanonicalError, ErrorKind } from '../canonical/types';
import {
  decodeChatError,
  defaultStatusForKind,
  encodeChatError,
  openaiErrorType,
} from '../openai-chat/convert-chat-error';

/*
 * The Responses API reports errors in the same `{error: {message, type, param,
 * code}}` shape as Chat Completions: one implementation serves both.
 */
export const encodeResponsesError = encodeChatError;
export const decodeResponsesError = decodeChatError;
export const errorTypeForKind = openaiErrorType;

/** Error codes OpenAI puts on failed responses and `error` stream events. */
const KIND_BY_CODE: Record<string, ErrorKind> = {
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  context_length_exceeded: 'invalid_request',
  invalid_prompt: 'invalid_request',
  invalid_request_error: 'invalid_request',
  server_error: 'api_error',
  server_is_overloaded: 'overloaded',
  slow_down: 'overloaded',
  vector_store_timeout: 'timeout',
};

/** A stream-level error (`error` event or a failed response) by its code. */
export function canonicalErrorFromCode(input: {
  code?: string;
  type?: string;
  message?: string;
}): CanonicalError {
  const kind = KIND_BY_CODE[input.code ?? ''] ?? KIND_BY_CODE[input.type ?? ''] ?? 'api_error';
  return {
    kind,
    status: defaultStatusForKind(kind),
    message: input.message ?? 'The upstream response failed',
  };
}
