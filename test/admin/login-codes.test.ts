import { describe, expect, it } from 'vitest';
import { createLoginCodes } from '../../main/core/server/admin/create-login-codes';

describe('login codes', () => {
  it('redeem once, and not after they expire', () => {
    let now = 1_000;
    const codes = createLoginCodes({ ttlMs: 60_000, now: () => now });
    const first = codes.issue();
    const second = codes.issue();
    expect(first).not.toBe(second);
    expect(codes.redeem(first)).toBe(true);
    expect(codes.redeem(first)).toBe(false);
    now += 60_001;
    expect(codes.redeem(second)).toBe(false);
    expect(codes.redeem('')).toBe(false);
  });
});
