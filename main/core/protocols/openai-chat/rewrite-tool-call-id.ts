import { createHash } from 'node:crypto';
import type { ChatDialect } from './detect-chat-dialect';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const OPENAI_MAX_ID_LENGTH = 40;

/**
 * Tool call ids in the shape the provider accepts. The rewrite is a pure
 * function of the id (a hash), so the same client id maps to the same
 * upstream id on every turn, in the assistant `tool_calls` and in the `tool`
 * message alike, without keeping state. Valid ids pass unchanged.
 */
export function rewriteToolCallId(id: string, dialect: ChatDialect): string {
  switch (dialect) {
    case 'mistral':
      // Mistral: "Tool call id … must be a-z, A-Z, 0-9, with a length of 9".
      return MISTRAL_ID.test(id) ? id : hashBase62(id, 9);
    case 'openai':
    case 'azure':
      // OpenAI: "Invalid 'messages[i].tool_calls[j].id': string too long. Expected … maximum length 40".
      return id.length <= OPENAI_MAX_ID_LENGTH ? id : `${id.slice(0, 23)}_${hashBase62(id, 16)}`;
    default:
      return id;
  }
}

function hashBase62(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let result = '';
  for (let index = 0; result.length < length; index++) result += BASE62[(digest[index] ?? 0) % 62];
  return result;
}
