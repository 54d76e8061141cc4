import { randomBytes } from 'node:crypto';

export interface LoginCodes {
  /** A fresh code for one browser login. */
  issue(): string;
  /** True once per issued, unexpired code. */
  redeem(code: string): boolean;
}

/**
 * One-time codes for the login link `ais serve` prints: the link works once
 * and for a few minutes, so a copy left in a terminal's scrollback or a
 * browser's history is worth nothing. The admin token itself never travels in
 * a URL; the cookie the login sets carries it.
 */
export function createLoginCodes(options: { ttlMs?: number; now?: () => number } = {}): LoginCodes {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const codes = new Map<string, number>();
  return {
    issue() {
      for (const [code, expires] of codes) if (expires <= now()) codes.delete(code);
      const code = randomBytes(24).toString('base64url');
      codes.set(code, now() + ttlMs);
      return code;
    },
    redeem(code) {
      const expires = codes.get(code);
      if (expires === undefined) return false;
      codes.delete(code);
      return expires > now();
    },
  };
}
