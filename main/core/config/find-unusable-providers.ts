import type { UnsetVariable } from './expand-env-references';
import type { AppConfig } from './schema';

/**
 * Providers that cannot be called because a `${VAR}` they need is unset: a
 * base_url, or every key they were given. The message names the variables to
 * set; the proxy answers a request routed there with it instead of sending an
 * unauthenticated request the provider would refuse with a vaguer 401.
 */
export function findUnusableProviders(
  config: AppConfig,
  unsetVariables: readonly UnsetVariable[],
): Map<string, string> {
  const unusable = new Map<string, string>();
  for (const [providerId, provider] of Object.entries(config.providers)) {
    const mine = unsetVariables.filter(
      (variable) => variable.path[0] === 'providers' && variable.path[1] === providerId,
    );
    const names = (variables: readonly UnsetVariable[]): string =>
      [...new Set(variables.map((variable) => `\${${variable.name}}`))].join(', ');
    const baseUrl = mine.filter((variable) => variable.path[2] === 'base_url');
    if (baseUrl.length > 0) {
      unusable.set(
        providerId,
        `provider ${providerId} has no base_url: set the environment variable ${names(baseUrl)} (providers.${providerId}.base_url) and reload AI Switch`,
      );
      continue;
    }
    const keys = mine.filter(
      (variable) => variable.path[2] === 'api_key' || variable.path[2] === 'fallback_keys',
    );
    const hasKey = (provider.api_key ?? '').trim() !== '' || provider.fallback_keys.length > 0;
    if (keys.length > 0 && !hasKey) {
      unusable.set(
        providerId,
        `provider ${providerId} has no usable API key: set the environment variable ${names(keys)} (providers.${providerId}.api_key) and reload AI Switch`,
      );
    }
  }
  return unusable;
}
