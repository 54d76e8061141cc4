import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';
const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The admin API token: `<home>/admin-token`, 32 random bytes in hex, created
 * on first run readable by the owner only. A file that is not a token (empty,
 * hand-edited) is replaced rather than trusted.
 */
export function loadAdminToken(home: string): string {
  const file = path.join(home, ADMIN_TOKEN_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (TOKEN_PATTERN.test(existing)) {
      // An older copy may have been written with a looser mode.
      chmodSync(file, 0o600);
      return existing;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** The one-time browser login link `ais serve` prints: it sets the admin cookie and opens the dashboard. */
export function adminLoginUrl(baseUrl: string, code: string): string {
  const url = new URL('/api/login', baseUrl);
  url.searchParams.set('code', code);
  return url.href;
}
