import type { ProtocolCodec } from '../canonical';
import { decodeChatError, encodeChatError } from './convert-chat-error';
import { createChatStreamDecoder } from './create-chat-stream-decoder';
import { createChatStreamEncoder } from './create-chat-stream-encoder';
import { decodeChatRequest } from './decode-chat-request';
import { decodeChatResponse } from './decode-chat-response';
import { encodeChatRequest } from './encode-chat-request';
import { encodeChatResponse } from './encode-chat-response';

/** OpenAI Chat Completions (and the many providers that speak it) ⇄ canonical. */
export const openaiChatCodec: ProtocolCodec = {
  protocol: 'openai-chat',
  decodeRequest: decodeChatRequest,
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  encodeResponse: encodeChatResponse,
  createStreamDecoder: createChatStreamDecoder,
  createStreamEncoder: createChatStreamEncoder,
  encodeError: encodeChatError,
  decodeError: decodeChatError,
};

export { detectChatDialect } from './detect-chat-dialect';
export type { ChatDialect } from './detect-chat-dialect';
export { rewriteToolCallId } from './rewrite-tool-call-id';
export { createThinkTagSplitter, splitThinkTags } from './split-think-tags';
