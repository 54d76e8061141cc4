import type { CanonicalMessage, Converted, TextPart, Warning } from '../canonical';
import type { AnthropicBlock } from './encode-anthropic-content-part';
import { encodeAnthropicContentPart, encodeTextPart } from './encode-anthropic-content-part';

export interface AnthropicWireMessage {
  role: 'user' | 'assistant' | 'system';
  content: AnthropicBlock[] | string;
}

export interface EncodedConversation {
  system: AnthropicBlock[];
  messages: AnthropicWireMessage[];
}

function isEmptyText(block: AnthropicBlock): boolean {
  return block.type === 'text' && block.text === '' && block.cache_control === undefined;
}

/** Anthropic wants every tool_result of a turn before anything else in that user message. */
function toolResultsFirst(blocks: AnthropicBlock[]): AnthropicBlock[] {
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== 'tool_result')];
}

/** A system message as Claude Code sends it: a plain string when it is one uncached text. */
function systemMessageContent(blocks: AnthropicBlock[]): AnthropicBlock[] | string {
  const only = blocks[0];
  if (blocks.length === 1 && only?.type === 'text' && Object.keys(only).length === 2)
    return String(only.text);
  return blocks;
}

/**
 * Canonical system + messages → Anthropic `system` and `messages`.
 * - Mid-conversation system messages stay in place only for an Anthropic
 *   client (Claude Code's beta); for other clients they join `system`.
 * - Consecutive same-role messages merge (Anthropic requires alternation);
 *   tool_result blocks go first in their user message; empty text blocks,
 *   which Anthropic rejects, are dropped.
 */
export function encodeAnthropicMessages(input: {
  system: TextPart[];
  messages: CanonicalMessage[];
  fromAnthropic: boolean;
}): Converted<EncodedConversation> {
  const warnings: Warning[] = [];
  const system = input.system
    .map((part) => encodeTextPart(part, warnings))
    .filter((block) => !isEmptyText(block));
  const messages: AnthropicWireMessage[] = [];
  let seenConversation = false;

  for (const message of input.messages) {
    const blocks: AnthropicBlock[] = [];
    for (const part of message.content) {
      const block = encodeAnthropicContentPart({ part, role: message.role, warnings });
      if (block && !isEmptyText(block)) blocks.push(block);
    }
    if (message.role === 'system') {
      if (input.fromAnthropic) {
        if (blocks.length > 0) messages.push({ role: 'system', content: systemMessageContent(blocks) });
        continue;
      }
      if (seenConversation) {
        warnings.push({
          code: 'system-message-moved',
          message: 'A mid-conversation system message was moved into the Anthropic system prompt',
        });
      }
      system.push(...blocks.filter((block) => block.type === 'text'));
      if (blocks.some((block) => block.type !== 'text')) {
        warnings.push({
          code: 'system-content-dropped',
          message: 'Non-text content in a system message cannot go in the Anthropic system prompt; dropped',
        });
      }
      continue;
    }
    seenConversation = true;
    if (blocks.length === 0) {
      if (message.content.length > 0)
        warnings.push({
          code: 'empty-message-dropped',
          message: `A ${message.role} message had nothing Anthropic can hold; dropped`,
        });
      continue;
    }
    const previous = messages.at(-1);
    if (previous && previous.role === message.role && Array.isArray(previous.content))
      previous.content.push(...blocks);
    else messages.push({ role: message.role, content: blocks });
  }

  for (const message of messages) {
    if (message.role === 'user' && Array.isArray(message.content))
      message.content = toolResultsFirst(message.content);
  }
  return { value: { system, messages }, warnings };
}
