import type { HeaderMap } from './types';

/** Shorter strings are too likely to occur by chance to be masked everywhere. */
export const MIN_SECRET_LENGTH = 8;

const AUTH_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);

export const REDACTED = '<redacted>';

/** The marker left where a secret was: enough to tell which key it was, not enough to use it. */
export function secretMarker(secret: string): string {
  return `<redacted:…${secret.slice(-4)}>`;
}

/** A reusable masker over the current secret list, longest first so a key containing another is masked whole. */
export interface SecretMasker {
  maskText(text: string): string;
  /** Byte-exact for non-text payloads: keys are ASCII, so a latin1 view finds them without re-encoding the rest. */
  maskBytes(bytes: Buffer): Buffer;
  /** Longest secret length, for cutting payloads without splitting a secret. */
  longest: number;
}

export function createSecretMasker(secrets: readonly string[]): SecretMasker {
  const usable = [
    ...new Set(secrets.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH)),
  ].sort((left, right) => right.length - left.length);
  const textMarkers = usable.map((secret) => secretMarker(secret));
  // The marker is not pure ASCII (…): in a latin1 view it must be spelled as its UTF-8 bytes.
  const byteMarkers = textMarkers.map((marker) => Buffer.from(marker, 'utf8').toString('latin1'));
  const replaceAll = (text: string, markers: readonly string[]): string => {
    let masked = text;
    usable.forEach((secret, index) => {
      if (masked.includes(secret)) masked = masked.split(secret).join(markers[index]);
    });
    return masked;
  };
  const maskText = (text: string): string => replaceAll(text, textMarkers);
  const maskBytes = (bytes: Buffer): Buffer => {
    if (usable.length === 0) return bytes;
    const view = bytes.toString('latin1');
    const masked = replaceAll(view, byteMarkers);
    return masked === view ? bytes : Buffer.from(masked, 'latin1');
  };
  return {
    maskText,
    maskBytes,
    longest: usable.reduce((longest, secret) => Math.max(longest, secret.length), 0),
  };
}

/**
 * The masker over `secrets()`, rebuilt only when it returns another array: the
 * engine hands out the same key list until the config changes.
 */
export function createCachedSecretMasker(secrets: () => readonly string[]): () => SecretMasker {
  let cached: { keys: readonly string[]; masker: SecretMasker } | undefined;
  return () => {
    const keys = secrets();
    if (cached?.keys !== keys) cached = { keys, masker: createSecretMasker(keys) };
    return cached.masker;
  };
}

/** Copy of a header map with credential headers replaced and any secret in other values masked. */
export function redactHeaders(headers: HeaderMap, masker: SecretMasker): Record<string, string | string[]> {
  const redacted: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (AUTH_HEADERS.has(name.toLowerCase())) {
      redacted[name] = REDACTED;
    } else {
      redacted[name] = Array.isArray(value)
        ? value.map((item) => masker.maskText(item))
        : masker.maskText(value);
    }
  }
  return redacted;
}
