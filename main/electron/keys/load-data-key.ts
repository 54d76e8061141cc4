import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataKey, DATA_KEY_BYTES } from '../../core/config/secret-box';
import { readKeyFileKey, removeKeyFile, writeKeyFile } from '../../core/config/key-file';

/** The data key wrapped by the OS keychain: useless on another machine or to another user. */
export const WRAPPED_KEY_FILE = 'secret-key.keychain';

/** Electron's `safeStorage`, as far as this uses it. */
export interface KeychainCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type DataKeyResult =
  | { kind: 'ready'; dataKey: Buffer; created: boolean }
  /** Keys stay as typed: why, in words for a notice. */
  | { kind: 'unavailable'; reason: string };

/**
 * The data key provider keys are encrypted with: unwrapped from
 * `<home>/secret-key.keychain` by the keychain, created (and wrapped) on
 * first use. A wrapped key this keychain cannot open (a home copied from
 * another machine) is left alone, never replaced: the config then says which
 * keys cannot be read, and the key file, if there is one, still works.
 */
export function loadDataKey(options: { home: string; keychain: KeychainCipher }): DataKeyResult {
  const wrappedPath = path.join(options.home, WRAPPED_KEY_FILE);
  let wrapped: Buffer | undefined;
  try {
    wrapped = readFileSync(wrappedPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!options.keychain.isEncryptionAvailable())
    return fromKeyFile(
      options.home,
      'the system keychain is not available (on Linux: no Secret Service or KWallet running)',
    );
  if (wrapped !== undefined) {
    try {
      const dataKey = Buffer.from(options.keychain.decryptString(wrapped).trim(), 'base64');
      if (dataKey.length !== DATA_KEY_BYTES) throw new Error('the unwrapped key has the wrong length');
      return { kind: 'ready', dataKey, created: false };
    } catch (error) {
      return fromKeyFile(
        options.home,
        `the system keychain cannot open ${wrappedPath} (${(error as Error).message}); it was written on another machine or by another user`,
      );
    }
  }
  const dataKey = createDataKey();
  writeFileSync(wrappedPath, options.keychain.encryptString(dataKey.toString('base64')), { mode: 0o600 });
  return { kind: 'ready', dataKey, created: true };
}

/** Without the keychain, the key file (if the user made one) still opens the keys. */
function fromKeyFile(home: string, reason: string): DataKeyResult {
  try {
    const dataKey = readKeyFileKey(home);
    if (dataKey) return { kind: 'ready', dataKey, created: false };
  } catch (error) {
    return { kind: 'unavailable', reason: `${reason}; ${(error as Error).message}` };
  }
  return { kind: 'unavailable', reason };
}

/** "Also use from the command line": the key file exists exactly while the setting is on. */
export function syncKeyFile(options: { home: string; dataKey: Buffer; enabled: boolean }): void {
  if (options.enabled) writeKeyFile(options.home, options.dataKey);
  else removeKeyFile(options.home);
}
