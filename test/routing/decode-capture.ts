import { anthropicCodec, decodeAnthropicCountTokensRequest } from '../../main/core/protocols/anthropic';
import type { CanonicalRequest, ProtocolCodec, ProtocolName } from '../../main/core/protocols/canonical';
import { decodeGeminiCountTokensRequest, geminiCodec } from '../../main/core/protocols/gemini';
import { openaiChatCodec } from '../../main/core/protocols/openai-chat';
import { openaiResponsesCodec } from '../../main/core/protocols/openai-responses';
import type { ClientCapture } from '../helpers/fixtures';

const CODECS: Record<ProtocolName, ProtocolCodec> = {
  anthropic: anthropicCodec,
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
  gemini: geminiCodec,
};

export function captureProtocol(capture: ClientCapture): ProtocolName {
  if (capture.path.startsWith('/v1/messages')) return 'anthropic';
  if (capture.path.startsWith('/v1/chat/completions')) return 'openai-chat';
  if (capture.path.startsWith('/v1/responses')) return 'openai-responses';
  if (capture.path.startsWith('/v1beta/models/')) return 'gemini';
  throw new Error(`no protocol for ${capture.path}`);
}

/** A client capture as the server would hand it to the router (Gemini's model and stream flag come from the URL). */
export function decodeCapture(capture: ClientCapture): { protocol: ProtocolName; request: CanonicalRequest } {
  const protocol = captureProtocol(capture);
  let body: unknown = capture.body;
  if (protocol === 'gemini') {
    const [, model = '', method = ''] = /^\/v1beta\/models\/([^:]+):(\w+)/.exec(capture.path) ?? [];
    body = { ...capture.body, model, stream: method === 'streamGenerateContent' };
    if (method === 'countTokens') return { protocol, request: decodeGeminiCountTokensRequest(body).value };
  }
  if (capture.path.startsWith('/v1/messages/count_tokens')) {
    return { protocol, request: decodeAnthropicCountTokensRequest({ body }).value };
  }
  return { protocol, request: CODECS[protocol].decodeRequest({ body }).value };
}
