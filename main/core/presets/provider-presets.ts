import { CHINESE_VENDOR_PRESETS } from './chinese-vendor-presets';
import { GLOBAL_VENDOR_PRESETS } from './global-vendor-presets';
import { LOCAL_SERVER_PRESETS } from './local-server-presets';
import type { ProviderPreset } from './provider-preset-schema';

/** Every provider preset, in the order the dashboard, the tray and the CLI list them. */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  ...CHINESE_VENDOR_PRESETS,
  ...GLOBAL_VENDOR_PRESETS,
  ...LOCAL_SERVER_PRESETS,
];

export function findProviderPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((preset) => preset.id === id);
}
