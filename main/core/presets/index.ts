export {
  presetEndpointSchema,
  providerPresetSchema,
  type PresetEndpoint,
  type ProviderPreset,
  type ProviderPresetInput,
} from './provider-preset-schema';
export { PROVIDER_PRESETS, findProviderPreset } from './provider-presets';
export {
  presetToProviderConfig,
  type PresetToProviderConfigOptions,
  type ProviderConfigInput,
} from './preset-to-provider-config';
