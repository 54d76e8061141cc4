import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  countTextTokens,
  createTokenCounter,
  isTokenizerLoaded,
} from '../../main/core/routing/create-token-counter';
import { buildRequest, userText } from './build-fixtures';

// The o200k tables are ~65 MB: a proxy whose routes never count tokens must not hold them.
describe('tokenizer loading', () => {
  it('stays unloaded at import, loads in the background once a threshold route measures, and counts as before', async () => {
    expect(isTokenizerLoaded()).toBe(false);

    const counter = createTokenCounter();
    const small = buildRequest({ messages: [userText('hello there')] });
    // Far below the threshold: the byte bounds decide, no tokenizer needed now…
    expect(counter.measure(small, 60_000)).toEqual({ count: expect.any(Number), exact: false });
    expect(isTokenizerLoaded()).toBe(false);
    // …but it is loaded on the next turn, before a session grows near the threshold.
    await nextTurn();
    expect(isTokenizerLoaded()).toBe(true);

    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
    expect(counter.measure(small, 1).exact).toBe(true);
  });
});
