import type { z } from 'zod';
import type { providerSchema } from '../config/schema';
import type { PresetEndpoint, ProviderPreset } from './provider-preset-schema';

/** A provider as written in config.yaml: what providerSchema parses, before its defaults. */
export type ProviderConfigInput = z.input<typeof providerSchema>;

export interface PresetToProviderConfigOptions {
  /**
   * The key to store. Left out (or blank), a hosted preset stores the
   * reference `${KEY_ENV}` instead, so the key can live in the environment and
   * the file never holds it; a local preset stores no key.
   */
  apiKey?: string;
  /** The id of one of `preset.alternatives`; left out, the preset's own endpoint. */
  endpoint?: string;
}

/**
 * A preset → the provider entry to put under `providers.<preset.id>`. Only
 * fields with something to say are written, so a saved file stays short and
 * the config's defaults apply to the rest.
 */
export function presetToProviderConfig(
  preset: ProviderPreset,
  options: PresetToProviderConfigOptions = {},
): ProviderConfigInput {
  const endpoint = options.endpoint === undefined ? undefined : findEndpoint(preset, options.endpoint);
  const target = endpoint ?? preset;
  const config: ProviderConfigInput = {
    name: endpoint === undefined ? preset.displayName : `${preset.displayName} (${endpoint.label})`,
    base_url: target.baseUrl,
    format: target.format,
    models: [...preset.models],
  };
  if (target.path !== undefined) config.path = target.path;
  // A think tag belongs to one endpoint: MiniMax writes <think> into Chat content, not into Anthropic blocks.
  if (target.thinkTag !== undefined) config.think_tag = target.thinkTag;

  const apiKey = options.apiKey?.trim() ?? '';
  if (apiKey !== '') config.api_key = apiKey;
  else if (preset.keyEnv !== undefined) config.api_key = `\${${preset.keyEnv}}`;

  const limits = preset.quirks.maxOutputTokens;
  if (limits !== undefined) config.max_output_tokens = typeof limits === 'number' ? limits : { ...limits };
  return config;
}

function findEndpoint(preset: ProviderPreset, id: string): PresetEndpoint {
  const endpoint = preset.alternatives.find((candidate) => candidate.id === id);
  if (endpoint !== undefined) return endpoint;
  const known = preset.alternatives.map((candidate) => candidate.id);
  throw new Error(
    `preset ${preset.id} has no endpoint "${id}"` +
      (known.length > 0 ? `; choose one of: ${known.join(', ')}` : '; it has no alternative endpoints'),
  );
}
