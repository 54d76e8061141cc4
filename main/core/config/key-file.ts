import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_KEY_BYTES, createSecretBox, type SecretBox } from './secret-box';

/**
 * `<home>/secret-key`: the data key in base64, readable by the owner only.
 * The desktop app writes it when "also use from the command line" is on, so
 * a headless `ais serve` on the same home can read keys the app encrypted;
 * without it the key lives only in the OS keychain.
 */
export const KEY_FILE_NAME = 'secret-key';

export function keyFilePath(home: string): string {
  return path.join(home, KEY_FILE_NAME);
}

/** The secret box of `<home>/secret-key`, undefined when there is no such file; a clear error when it is not a key. */
export function readKeyFile(home: string): SecretBox | undefined {
  const key = readKeyFileKey(home);
  return key === undefined ? undefined : createSecretBox(key);
}

/** The data key in `<home>/secret-key`, undefined when there is no such file. */
export function readKeyFileKey(home: string): Buffer | undefined {
  const file = keyFilePath(home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`the key file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== DATA_KEY_BYTES || key.toString('base64') !== text.trim())
    throw new Error(
      `the key file ${file} does not hold a key (${DATA_KEY_BYTES} bytes in base64); delete it and turn "Also use from the command line" off and on in the app to write it again`,
    );
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

export function writeKeyFile(home: string, dataKey: Buffer): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = keyFilePath(home);
  writeFileSync(file, `${dataKey.toString('base64')}\n`, { mode: 0o600 });
  // writeFile's mode applies only to a file it creates.
  chmodSync(file, 0o600);
}

export function removeKeyFile(home: string): void {
  rmSync(keyFilePath(home), { force: true });
}
