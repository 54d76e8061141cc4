import type { AppConfig } from '../../../main/core/config/schema';
import { useCall } from './use-contract';

/** The config in force (keys masked), typed by the config schema the server checks it with. */
export function useConfig() {
  return useCall('configRead', {});
}

export function typedConfig(answer: { config: Record<string, unknown> }): AppConfig {
  return answer.config as AppConfig;
}

/** The routes that name a provider anywhere (its own provider, a scene, a model map, a fallback), for a refusal. */
export function routesUsingProvider(config: AppConfig, providerId: string): string[] {
  const mentions = (value: string | undefined): boolean =>
    value !== undefined && value.startsWith(`${providerId}|`);
  return Object.entries(config.routes)
    .filter(
      ([, route]) =>
        route.provider === providerId ||
        Object.values(route.scene_map).some((value) => typeof value === 'string' && mentions(value)) ||
        Object.values(route.model_map).some(mentions) ||
        route.fallback.some(mentions),
    )
    .map(([key, route]) => route.label ?? maskRouteKey(key));
}

/** Route keys are secrets: lists show a label, or the key's start and end. */
export function maskRouteKey(key: string): string {
  return key.length <= 12 ? key : `${key.slice(0, 7)}…${key.slice(-4)}`;
}

/** A fresh route key: what a client sends as its API key to pick this route. */
export function generateRouteKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return `sk-ais-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
