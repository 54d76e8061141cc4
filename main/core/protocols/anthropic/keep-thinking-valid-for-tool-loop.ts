import type { Warning } from '../canonical';
import type { EncodedThinking } from './encode-anthropic-thinking';

type WireMessage = { role?: unknown; content?: unknown };

/**
 * Anthropic's rule for thinking in a tool loop: with manual thinking on
 * (`type: "enabled"`; under adaptive thinking the model may itself skip
 * thinking on a turn, so a turn without it is valid there), the
 * assistant turn whose tool_use the last user turn answers must start with a
 * thinking (or redacted_thinking) block, else the API refuses the request
 * ("Expected `thinking` or `redacted_thinking`, but found `tool_use`"). That
 * turn loses its thinking when the conversation comes from another provider
 * (the signatures were stripped) or another protocol (unsigned reasoning);
 * thinking is then turned off for this request, with a warning, and comes
 * back on the next user turn. With thinking off Anthropic refuses thinking
 * blocks in the history, so any left in earlier turns go too (it ignores
 * those of finished turns anyway).
 */
export function keepThinkingValidForToolLoop<Message extends WireMessage>(input: {
  thinking: EncodedThinking;
  messages: Message[];
  warnings: Warning[];
}): { thinking: EncodedThinking; messages: Message[] } {
  const { thinking, messages } = input;
  const unchanged = { thinking, messages };
  if (!thinking.thinkingOn || thinking.thinking?.type !== 'enabled') return unchanged;
  const last = messages.at(-1);
  if (last?.role !== 'user' || !blocksOf(last).some((block) => block.type === 'tool_result'))
    return unchanged;
  const assistant = messages.at(-2);
  if (assistant?.role !== 'assistant') return unchanged;
  const blocks = blocksOf(assistant);
  if (!blocks.some((block) => block.type === 'tool_use')) return unchanged;
  const first = blocks[0]?.type;
  if (first === 'thinking' || first === 'redacted_thinking') return unchanged;
  input.warnings.push({
    code: 'thinking-off-for-tool-loop',
    message:
      'thinking was turned off for this request: the assistant turn in the current tool loop has no thinking block Anthropic can accept (it came from another provider or protocol), and Anthropic refuses thinking without one',
  });
  const withoutThinking = messages.map((message) =>
    message.role === 'assistant' && blocksOf(message).some(isThinkingBlock)
      ? { ...message, content: blocksOf(message).filter((block) => !isThinkingBlock(block)) }
      : message,
  );
  return {
    thinking: {
      maxTokens: thinking.maxTokens,
      thinkingOn: false,
      ...(thinking.effort ? { effort: thinking.effort } : {}),
    },
    messages: withoutThinking,
  };
}

function isThinkingBlock(block: { type?: unknown }): boolean {
  return block.type === 'thinking' || block.type === 'redacted_thinking';
}

function blocksOf(message: WireMessage): { type?: unknown }[] {
  return Array.isArray(message.content) ? (message.content as { type?: unknown }[]) : [];
}
