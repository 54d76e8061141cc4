import { createHash } from 'node:crypto';

/*
 * Gemini often omits functionCall.id, but every other protocol needs one.
 * Ids made here are deterministic (same request → same ids, so a retried or
 * replayed conversation keeps them stable) and fit the strictest consumer we
 * know: OpenAI Chat rejects tool call ids longer than 40 characters, Anthropic
 * accepts only [A-Za-z0-9_-].
 */
const MAX_ID_LENGTH = 40;

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Id for the `index`-th call (0-based, counted over the whole request) when a request's functionCall has none: `call_<name>_<n>`. */
export function synthesizeRequestToolCallId(name: string, index: number): string {
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = `call_${safeName}_${index}`;
  return id.length <= MAX_ID_LENGTH ? id : `call_${hash(name, 16)}_${index}`;
}

/** Id for the `index`-th call of one response: unique across responses because the response id is. */
export function synthesizeResponseToolCallId(responseId: string, index: number): string {
  return `call_${hash(`${responseId}:${index}`, 24)}`;
}
