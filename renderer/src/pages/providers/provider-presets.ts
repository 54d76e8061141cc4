import type { ProviderConfig } from '../../../../main/core/config/schema';
import type { CallOutput } from '../../client/calls';

export type Preset = CallOutput<'providerPresets'>['presets'][number];

export function presetName(preset: Preset, language: string): string {
  return language.startsWith('zh') && preset.displayNameZh ? preset.displayNameZh : preset.displayName;
}

/** A provider as a preset describes it, with the key the user pasted (none for a local server). */
export function providerFromPreset(preset: Preset, apiKey: string): ProviderConfig {
  return {
    name: preset.displayName,
    base_url: preset.baseUrl,
    format: preset.format,
    models: [...preset.models],
    ...(preset.path && { path: preset.path }),
    ...(preset.thinkTag && { think_tag: preset.thinkTag }),
    ...(apiKey !== '' && { api_key: apiKey }),
    fallback_keys: [],
    enable_proxy: false,
    custom_headers: {},
  };
}
