import type { AppConfig } from './schema';

/**
 * Every value in the config that must never be written or shown in clear:
 * provider keys, fallback keys, and custom header values (gateway tokens such
 * as `cf-aig-authorization` live there). The store masks them before writing,
 * the admin API before answering.
 */
export function providerSecrets(config: AppConfig): string[] {
  return Object.values(config.providers)
    .flatMap((provider) => [
      provider.api_key ?? '',
      ...provider.fallback_keys,
      ...Object.values(provider.custom_headers),
    ])
    .filter(Boolean);
}
