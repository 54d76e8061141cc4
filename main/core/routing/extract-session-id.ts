import type { CanonicalRequest } from '../protocols/canonical/types';
import { readHeader, type HeaderRecord } from './read-header';

/** Claude Code before 2.1 wrote `user_<hash>_account_<uuid>_session_<uuid>` into metadata.user_id. */
const LEGACY_USER_ID_SESSION = /_session_([0-9a-f-]{8,})$/i;

/**
 * A stable id for the conversation, for session stickiness and the trace
 * list. First found wins:
 * 1. Claude Code: `metadata.user_id` carries `session_id` (canonical
 *    `metadata.sessionId`; parsed here too in case a decoder left only userId),
 *    and the `x-claude-code-session-id` header repeats it.
 * 2. Codex: `session-id` / `session_id` header, then `prompt_cache_key`
 *    (Codex sets it to the session id; other OpenAI clients to a stable
 *    per-conversation key).
 * 3. `x-session-id`, for any other client that wants stickiness.
 */
export function extractSessionId(input: {
  headers: HeaderRecord;
  request?: CanonicalRequest;
}): string | undefined {
  const { headers, request } = input;
  return (
    nonBlank(request?.metadata?.sessionId) ??
    sessionFromUserId(request?.metadata?.userId) ??
    readHeader(headers, 'x-claude-code-session-id') ??
    readHeader(headers, 'session-id') ??
    readHeader(headers, 'session_id') ??
    nonBlank(request?.promptCacheKey) ??
    readHeader(headers, 'x-session-id')
  );
}

function sessionFromUserId(userId: string | undefined): string | undefined {
  if (userId === undefined) return undefined;
  const trimmed = userId.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && 'session_id' in parsed) {
        const sessionId = parsed.session_id;
        return typeof sessionId === 'string' ? nonBlank(sessionId) : undefined;
      }
    } catch {
      // Not JSON after all: an ordinary user id, which is no session.
    }
    return undefined;
  }
  return LEGACY_USER_ID_SESSION.exec(trimmed)?.[1];
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
