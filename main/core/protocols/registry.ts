import type { ProviderFormatName } from '../config/schema';
import { anthropicCodec } from './anthropic';
import type { ProtocolCodec, ProtocolName } from './canonical';
import { geminiCodec } from './gemini';
import { openaiChatCodec } from './openai-chat';
import { openaiResponsesCodec } from './openai-responses';

const CODECS: Record<ProtocolName, ProtocolCodec> = {
  anthropic: anthropicCodec,
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
  gemini: geminiCodec,
};

const PROTOCOL_BY_FORMAT: Record<ProviderFormatName, ProtocolName> = {
  anthropic: 'anthropic',
  chat: 'openai-chat',
  responses: 'openai-responses',
  gemini: 'gemini',
};

export function codecFor(protocol: ProtocolName): ProtocolCodec {
  return CODECS[protocol];
}

/** The wire protocol a provider of config `format` speaks. */
export function protocolForFormat(format: ProviderFormatName): ProtocolName {
  return PROTOCOL_BY_FORMAT[format];
}
