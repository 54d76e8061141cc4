import { invalidRequest } from '../canonical/errors';
import type { CanonicalMessage, Converted, Warning } from '../canonical/types';
import { decodeGeminiParts } from './decode-gemini-parts';
import { isRecord } from './read-gemini-json';
import { synthesizeRequestToolCallId } from './synthesize-tool-call-id';

/*
 * Gemini `contents[]` → canonical messages. Gemini clients often send
 * functionCall / functionResponse without ids; calls get
 * `call_<name>_<n>` (n counts calls over the whole request), and each
 * id-less functionResponse takes the oldest unanswered call of that name —
 * Gemini answers calls in order, by name.
 */
export function convertGeminiContentsToMessages(contents: unknown): Converted<CanonicalMessage[]> {
  if (!Array.isArray(contents)) throw invalidRequest('contents must be an array');
  const warnings: Warning[] = [];
  const messages: CanonicalMessage[] = [];
  const pendingByName = new Map<string, string[]>();
  let callCount = 0;

  const toolCallId = (wireId: string | undefined, name: string): string => {
    const id = wireId ?? synthesizeRequestToolCallId(name, callCount);
    callCount += 1;
    pendingByName.set(name, [...(pendingByName.get(name) ?? []), id]);
    return id;
  };
  const toolResultId = (wireId: string | undefined, name: string): string => {
    const pending = pendingByName.get(name) ?? [];
    if (wireId !== undefined) {
      pendingByName.set(
        name,
        pending.filter((id) => id !== wireId),
      );
      return wireId;
    }
    const matched = pending.shift();
    if (matched !== undefined) return matched;
    warnings.push({
      code: 'tool-result-unmatched',
      message: `A functionResponse for ${name} answers no earlier functionCall.`,
    });
    const id = synthesizeRequestToolCallId(name, callCount);
    callCount += 1;
    return id;
  };

  contents.forEach((content: unknown, index) => {
    if (!isRecord(content)) throw invalidRequest(`contents[${index}] must be an object`);
    const role = content.role ?? 'user';
    // `function` is the role older Gemini clients used for functionResponse turns.
    if (role !== 'user' && role !== 'model' && role !== 'function') {
      throw invalidRequest(`contents[${index}].role must be "user" or "model", got ${JSON.stringify(role)}`);
    }
    const parts = decodeGeminiParts({
      parts: content.parts,
      path: `contents[${index}].parts`,
      strict: true,
      toolCallId,
      toolResultId,
    });
    warnings.push(...parts.warnings);
    messages.push({ role: role === 'model' ? 'assistant' : 'user', content: parts.value });
  });
  return { value: messages, warnings };
}
