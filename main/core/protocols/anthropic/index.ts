import type { ProtocolCodec } from '../canonical';
import { createAnthropicStreamDecoder } from './create-anthropic-stream-decoder';
import { createAnthropicStreamEncoder } from './create-anthropic-stream-encoder';
import { decodeAnthropicRequest } from './decode-anthropic-request';
import { decodeAnthropicResponse } from './decode-anthropic-response';
import { encodeAnthropicRequest } from './encode-anthropic-request';
import { encodeAnthropicResponse } from './encode-anthropic-response';
import { decodeAnthropicError, encodeAnthropicError } from './map-anthropic-error';

/** Anthropic Messages API (`/v1/messages`): the protocol Claude Code speaks. */
export const anthropicCodec: ProtocolCodec = {
  protocol: 'anthropic',
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  createStreamEncoder: createAnthropicStreamEncoder,
  encodeError: encodeAnthropicError,
  decodeError: decodeAnthropicError,
};

export { decodeAnthropicCountTokensRequest } from './decode-anthropic-request';
export { encodeAnthropicCountTokensRequest } from './encode-anthropic-request';
export {
  unwrapCustomToolInput,
  wrapCustomToolInput,
  CUSTOM_TOOL_INPUT_PROPERTY,
} from './encode-anthropic-tool-input';
export { defaultMaxTokens } from './encode-anthropic-thinking';
export { canonicalBuiltinToolName } from './decode-anthropic-tools';
export { anthropicErrorType, anthropicStatusForKind } from './map-anthropic-error';
