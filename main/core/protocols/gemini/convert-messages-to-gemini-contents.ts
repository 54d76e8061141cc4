import type { CanonicalMessage, Converted, TextPart, Warning } from '../canonical/types';
import { encodeGeminiParts } from './encode-gemini-parts';
import type { GeminiContent } from './gemini-wire-types';

/**
 * Canonical messages → Gemini `contents[]` for an upstream Gemini request.
 * System messages found mid-conversation are returned apart: Gemini has only
 * one systemInstruction.
 */
export function convertMessagesToGeminiContents(
  messages: CanonicalMessage[],
): Converted<{ contents: GeminiContent[]; system: TextPart[] }> {
  const warnings: Warning[] = [];
  const contents: GeminiContent[] = [];
  const system: TextPart[] = [];
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content) if (part.type === 'tool-call') toolNames.set(part.id, part.name);
  }

  for (const message of messages) {
    if (message.role === 'system') {
      if (!warnings.some((warning) => warning.code === 'system-message-moved')) {
        warnings.push({
          code: 'system-message-moved',
          message: 'A system message inside the conversation was moved into systemInstruction.',
        });
      }
      for (const part of message.content) {
        if (part.type === 'text') system.push(part);
        else
          warnings.push({
            code: 'system-part-dropped',
            message: `A ${part.type} part in a system message was dropped.`,
          });
      }
      continue;
    }
    const parts = encodeGeminiParts({
      content: message.content,
      audience: 'upstream',
      toolNameFor: (id) => toolNames.get(id),
    });
    for (const warning of parts.warnings)
      if (!warnings.some((known) => known.code === warning.code)) warnings.push(warning);
    if (parts.value.length === 0) {
      // Gemini rejects a content with no parts (an assistant turn that held only foreign reasoning, say).
      continue;
    }
    contents.push({ role: message.role === 'assistant' ? 'model' : 'user', parts: parts.value });
  }
  return { value: { contents, system }, warnings };
}
