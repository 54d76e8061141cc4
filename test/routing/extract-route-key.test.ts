import { describe, expect, it } from 'vitest';
import { extractRouteKey } from '../../main/core/routing/extract-route-key';

describe('extractRouteKey', () => {
  it('reads x-api-key (Claude Code)', () => {
    expect(extractRouteKey({ headers: { 'x-api-key': 'ais-claude' } })).toBe('ais-claude');
  });

  it('reads Authorization: Bearer, case-insensitively, with extra spaces', () => {
    expect(extractRouteKey({ headers: { authorization: 'Bearer ais-codex' } })).toBe('ais-codex');
    expect(extractRouteKey({ headers: { authorization: 'bearer   ais-codex  ' } })).toBe('ais-codex');
    expect(extractRouteKey({ headers: { authorization: 'BEARER ais-codex' } })).toBe('ais-codex');
  });

  it('ignores non-Bearer Authorization schemes', () => {
    expect(extractRouteKey({ headers: { authorization: 'Basic dXNlcjpwYXNz' } })).toBeUndefined();
    expect(extractRouteKey({ headers: { authorization: 'Bearer ' } })).toBeUndefined();
  });

  it('reads x-goog-api-key (Gemini CLI, @google/genai)', () => {
    expect(extractRouteKey({ headers: { 'x-goog-api-key': 'ais-gemini' } })).toBe('ais-gemini');
  });

  it('reads ?key= (Gemini REST)', () => {
    expect(extractRouteKey({ headers: {}, query: { key: 'ais-gemini' } })).toBe('ais-gemini');
    expect(extractRouteKey({ headers: {}, query: { key: ['', 'ais-second'] } })).toBe('ais-second');
  });

  it('prefers x-api-key, then Bearer, then x-goog-api-key, then ?key=', () => {
    const all = {
      headers: { 'x-api-key': 'a', authorization: 'Bearer b', 'x-goog-api-key': 'c' },
      query: { key: 'd' },
    };
    expect(extractRouteKey(all)).toBe('a');
    expect(extractRouteKey({ ...all, headers: { authorization: 'Bearer b', 'x-goog-api-key': 'c' } })).toBe(
      'b',
    );
    expect(extractRouteKey({ ...all, headers: { 'x-goog-api-key': 'c' } })).toBe('c');
    expect(extractRouteKey({ ...all, headers: {} })).toBe('d');
  });

  it('skips blank values and finds mixed-case header names from hand-built records', () => {
    expect(extractRouteKey({ headers: { 'x-api-key': '  ', authorization: 'Bearer b' } })).toBe('b');
    expect(extractRouteKey({ headers: { 'X-Api-Key': 'mixed' } })).toBe('mixed');
    expect(extractRouteKey({ headers: { 'x-api-key': ['first', 'second'] } })).toBe('first');
  });

  it('returns undefined when there is no key anywhere', () => {
    expect(extractRouteKey({ headers: { 'content-type': 'application/json' }, query: {} })).toBeUndefined();
  });
});
