import type { AppConfig, ProviderConfig } from '../config/schema';

/** Enough to tell two keys apart, not enough to use one: `sk-…a1b2`. */
export function maskSecret(secret: string): string {
  if (secret === '') return '';
  if (secret.length < 12) return '…';
  const prefix = /^[A-Za-z]+[-_]/.exec(secret)?.[0] ?? '';
  return `${prefix.length <= 8 ? prefix : ''}…${secret.slice(-4)}`;
}

/** A provider as the admin API shows it: keys masked. */
export function maskProvider(provider: ProviderConfig): ProviderConfig {
  return {
    ...provider,
    ...(provider.api_key !== undefined && { api_key: maskSecret(provider.api_key) }),
    fallback_keys: provider.fallback_keys.map(maskSecret),
    // Custom headers often carry a second credential (api-key, x-api-key…).
    custom_headers: Object.fromEntries(
      Object.entries(provider.custom_headers).map(([name, value]) => [name, maskSecret(value)]),
    ),
  };
}

export function maskConfig(config: AppConfig): AppConfig {
  return {
    ...config,
    providers: Object.fromEntries(
      Object.entries(config.providers).map(([id, provider]) => [id, maskProvider(provider)]),
    ),
  };
}

/**
 * A provider sent back by a client that read it masked: a value still equal
 * to the mask of the current secret means "unchanged", so an edit of the name
 * or the models does not wipe the keys.
 */
export function restoreMaskedKeys(next: ProviderConfig, current: ProviderConfig | undefined): ProviderConfig {
  if (!current) return next;
  const knownKeys = [current.api_key ?? '', ...current.fallback_keys].filter(Boolean);
  const restore = (value: string): string =>
    knownKeys.find((key) => maskSecret(key) === value && value !== key) ?? value;
  const restoredHeaders = Object.fromEntries(
    Object.entries(next.custom_headers).map(([name, value]) => {
      const original = current.custom_headers[name];
      return [name, original !== undefined && maskSecret(original) === value ? original : value];
    }),
  );
  return {
    ...next,
    ...(next.api_key !== undefined && { api_key: restore(next.api_key) }),
    fallback_keys: next.fallback_keys.map(restore),
    custom_headers: restoredHeaders,
  };
}
