import { presetToProviderConfig } from '../../../../main/core/presets/preset-to-provider-config';
import type { CallOutput } from '../../client/calls';

export type Preset = CallOutput<'providerPresets'>['presets'][number];

export function presetName(preset: Preset, language: string): string {
  return language.startsWith('zh') && preset.displayNameZh ? preset.displayNameZh : preset.displayName;
}

/**
 * A provider as a preset (or one of its other endpoints) describes it, with
 * the key the user pasted; with none, the core writes the `${KEY_ENV}`
 * reference so the key can come from the environment.
 */
export function providerFromPreset(preset: Preset, apiKey: string, endpoint?: string) {
  return presetToProviderConfig(preset, { apiKey, ...(endpoint && { endpoint }) });
}
