import { describe, expect, it } from 'vitest';
import { extractSessionId } from '../../main/core/routing/extract-session-id';
import { buildRequest } from './build-fixtures';

describe('extractSessionId', () => {
  it('prefers canonical metadata.sessionId (Claude Code metadata.user_id)', () => {
    const request = buildRequest({
      metadata: { sessionId: 'meta-session', userId: '{"session_id":"other"}' },
    });
    expect(extractSessionId({ headers: { 'x-session-id': 'header' }, request })).toBe('meta-session');
  });

  it('parses session_id out of a JSON metadata.user_id, and the legacy user_…_session_<uuid> form', () => {
    const json = buildRequest({
      metadata: { userId: '{"device_id":"abc","account_uuid":"","session_id":"418e7970-f0c0"}' },
    });
    expect(extractSessionId({ headers: {}, request: json })).toBe('418e7970-f0c0');
    const legacy = buildRequest({
      metadata: {
        userId:
          'user_0123abcd_account_11111111-2222-3333-4444-555555555555_session_aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      },
    });
    expect(extractSessionId({ headers: {}, request: legacy })).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    const plainUser = buildRequest({ metadata: { userId: 'alice' } });
    expect(extractSessionId({ headers: {}, request: plainUser })).toBeUndefined();
    const brokenJson = buildRequest({ metadata: { userId: '{not json' } });
    expect(extractSessionId({ headers: {}, request: brokenJson })).toBeUndefined();
  });

  it('reads the Claude Code and Codex headers', () => {
    expect(extractSessionId({ headers: { 'x-claude-code-session-id': 'cc' } })).toBe('cc');
    expect(extractSessionId({ headers: { 'session-id': 'codex-dash' } })).toBe('codex-dash');
    expect(extractSessionId({ headers: { session_id: 'codex-underscore' } })).toBe('codex-underscore');
  });

  it('falls back to prompt_cache_key, then x-session-id', () => {
    const request = buildRequest({ promptCacheKey: 'cache-key' });
    expect(extractSessionId({ headers: { 'x-session-id': 'generic' }, request })).toBe('cache-key');
    expect(extractSessionId({ headers: { 'x-session-id': 'generic' }, request: buildRequest() })).toBe(
      'generic',
    );
    expect(extractSessionId({ headers: { 'session-id': 'codex' }, request })).toBe('codex');
  });

  it('has none when nothing identifies a session', () => {
    expect(extractSessionId({ headers: { 'x-session-id': '  ' }, request: buildRequest() })).toBeUndefined();
  });
});
