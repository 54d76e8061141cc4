import type http from 'node:http';
import { answerJson, type SeenRequest } from '../helpers/faulty-upstream';

/** A config with one provider per protocol at `upstreamUrl/<format>`, each its own route. */
export function configFor(upstreamUrl: string, extra = ''): string {
  return `
providers:
  chat:
    base_url: ${upstreamUrl}/chat
    format: chat
    api_key: sk-provider-chat-0123456789abcdef
    models: [chat-model]
  claude:
    base_url: ${upstreamUrl}/claude
    format: anthropic
    api_key: sk-ant-provider-claude-0123456789
    models: [claude-model]
  codex:
    base_url: ${upstreamUrl}/codex
    format: responses
    api_key: sk-provider-codex-0123456789abcdef
    models: [codex-model]
  gemini:
    base_url: ${upstreamUrl}/gemini
    format: gemini
    api_key: gemini-provider-key-0123456789abc
    models: [gemini-model]
routes:
  ais-chat:
    provider: chat
    default_model: chat-model
  ais-claude:
    provider: claude
    default_model: claude-model
  ais-codex:
    provider: codex
    default_model: codex-model
  ais-gemini:
    provider: gemini
    default_model: gemini-model
default_route: ais-chat
${extra}`;
}

export const CHAT_ANSWER = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'chat-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

/** A plain Chat Completions answer for any request. */
export function answerChat(_seen: SeenRequest, response: http.ServerResponse): void {
  answerJson(response, 200, CHAT_ANSWER);
}

export const CHAT_BODY = JSON.stringify({ model: 'any', messages: [{ role: 'user', content: 'hi' }] });
