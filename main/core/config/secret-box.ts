import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Keys at rest: `enc:v1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>`,
 * AES-256-GCM under a random 32-byte data key. The desktop app keeps that key
 * wrapped by the OS keychain (Electron safeStorage); `ais serve` reads it from
 * a key file the app writes on request. The key id (a hash of the key, not
 * the key) lets a failure say "encrypted with another key" rather than guess.
 */
export const ENCRYPTED_PREFIX = 'enc:v1:';
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds every ciphertext to this format: a value cannot be replayed as another version's.
const ASSOCIATED_DATA = Buffer.from('ai-switch enc:v1');

export interface SecretBox {
  /** Eight hex digits naming the data key. */
  readonly keyId: string;
  encrypt(plain: string): string;
  /** The plain text of an `enc:v1:` value; SecretDecryptError when this key cannot open it. */
  decrypt(value: string): string;
}

export type DecryptFailure = 'no-key' | 'other-key' | 'damaged';

export class SecretDecryptError extends Error {
  constructor(
    readonly reason: DecryptFailure,
    /** The id of the key the value was encrypted with, when it can be read. */
    readonly valueKeyId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

export function isEncryptedSecret(value: string): boolean {
  return value.startsWith(ENCRYPTED_PREFIX);
}

export function keyIdOf(dataKey: Buffer): string {
  return createHash('sha256').update('ai-switch key id\0').update(dataKey).digest('hex').slice(0, 8);
}

export function createDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function createSecretBox(dataKey: Buffer): SecretBox {
  if (dataKey.length !== DATA_KEY_BYTES)
    throw new Error(`a data key has ${DATA_KEY_BYTES} bytes, this one ${dataKey.length}`);
  const key = Buffer.from(dataKey);
  const keyId = keyIdOf(key);
  return {
    keyId,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(ASSOCIATED_DATA);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
      return `${ENCRYPTED_PREFIX}${keyId}:${sealed}`;
    },
    decrypt(value) {
      const parsed = parseEncryptedSecret(value);
      if (parsed.keyId !== keyId)
        throw new SecretDecryptError(
          'other-key',
          parsed.keyId,
          `it was encrypted with another key (${parsed.keyId}; this machine's key is ${keyId}), e.g. on another machine`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
        decipher.setAAD(ASSOCIATED_DATA);
        decipher.setAuthTag(parsed.tag);
        return Buffer.concat([decipher.update(parsed.body), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretDecryptError(
          'damaged',
          parsed.keyId,
          'it is damaged (the authentication check failed)',
        );
      }
    },
  };
}

function parseEncryptedSecret(value: string): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } {
  const match = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/.exec(value.trim());
  const sealed = match?.[2] === undefined ? undefined : Buffer.from(match[2], 'base64url');
  if (!match?.[1] || !sealed || sealed.length < IV_BYTES + TAG_BYTES)
    throw new SecretDecryptError('damaged', match?.[1], 'it is not a well-formed enc:v1 value');
  return {
    keyId: match[1],
    iv: sealed.subarray(0, IV_BYTES),
    tag: sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    body: sealed.subarray(IV_BYTES + TAG_BYTES),
  };
}

/** The key id an `enc:v1:` value names, if it names one. */
export function encryptedSecretKeyId(value: string): string | undefined {
  return /^enc:v1:([0-9a-f]{8}):/.exec(value.trim())?.[1];
}
