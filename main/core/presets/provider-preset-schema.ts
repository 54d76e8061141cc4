import { z } from 'zod';
import { PROVIDER_FORMATS } from '../config/schema';

/*
 * A provider preset is data, not code: the dashboard, the tray and the CLI all
 * show the same list and turn a choice into a config provider with
 * presetToProviderConfig. Every field maps onto a provider field of the config
 * (base_url, format, path, think_tag, models, max_output_tokens) or is
 * information for the person choosing (docs, where to get a key, region).
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Lower-case kebab-case: a preset id becomes the provider's key in config.yaml. */
const presetId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. deepseek or lm-studio');

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });

const maxOutputTokensSchema = z.union([
  z.number().int().positive(),
  z.record(nonEmpty, z.number().int().positive()),
]);

/**
 * Another way to reach the same vendor: a second wire format (most Chinese
 * vendors also speak Anthropic Messages) or another region (a mainland China
 * and an international host with separate accounts and keys).
 */
export const presetEndpointSchema = z.strictObject({
  id: presetId,
  label: nonEmpty,
  baseUrl: httpUrl,
  format: z.enum(PROVIDER_FORMATS),
  path: z.string().optional(),
  thinkTag: nonEmpty.optional(),
  /** Set when this endpoint's keys come from another console than the preset's. */
  apiKeyUrl: httpUrl.optional(),
  docsUrl: httpUrl.optional(),
  note: nonEmpty,
});

export const providerPresetSchema = z
  .strictObject({
    id: presetId,
    displayName: nonEmpty,
    /** The vendor's own Chinese name, where it has one (智谱, 月之暗面 …). */
    displayNameZh: nonEmpty.optional(),
    baseUrl: httpUrl,
    format: z.enum(PROVIDER_FORMATS),
    /** Only where the default path for the format is wrong for this vendor. */
    path: z.string().optional(),
    /** A short list of current model ids, the recommended one first. */
    models: z.array(nonEmpty).min(1, 'must list at least one model'),
    defaultModel: nonEmpty,
    /** Tag whose contents are reasoning when the vendor writes <think>…</think> into the content. */
    thinkTag: nonEmpty.optional(),
    quirks: z
      .strictObject({
        /** The most output tokens the vendor accepts; larger client requests are lowered. */
        maxOutputTokens: maxOutputTokensSchema.optional(),
        notes: z.array(nonEmpty).default([]),
      })
      .prefault({}),
    /** The vendor's API documentation page. */
    docsUrl: httpUrl,
    /** Where a person creates a key; absent for local servers. */
    apiKeyUrl: httpUrl.optional(),
    /** Conventional environment variable for the key, written as ${KEY_ENV} when no key is given. */
    keyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as DEEPSEEK_API_KEY')
      .optional(),
    /** Which accounts the endpoint serves and where the other region's endpoint is. */
    region: nonEmpty.optional(),
    /** A server on this machine (Ollama, LM Studio): no key needed. */
    local: z.literal(true).optional(),
    alternatives: z.array(presetEndpointSchema).default([]),
  })
  .superRefine((preset, context) => {
    if (!preset.models.includes(preset.defaultModel)) {
      context.addIssue({
        code: 'custom',
        path: ['defaultModel'],
        message: `${preset.defaultModel} is not in models (${preset.models.join(', ')})`,
      });
    }
    if (new Set(preset.models).size !== preset.models.length) {
      context.addIssue({ code: 'custom', path: ['models'], message: 'lists a model twice' });
    }
    const limits = preset.quirks.maxOutputTokens;
    if (limits !== undefined && typeof limits === 'object') {
      for (const model of Object.keys(limits)) {
        if (!preset.models.includes(model)) {
          context.addIssue({
            code: 'custom',
            path: ['quirks', 'maxOutputTokens', model],
            message: `${model} is not in models`,
          });
        }
      }
    }
    if (preset.local !== true && preset.keyEnv === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['keyEnv'],
        message: 'a hosted provider needs keyEnv (local presets set local: true)',
      });
    }
    const endpointIds = preset.alternatives.map((endpoint) => endpoint.id);
    if (new Set(endpointIds).size !== endpointIds.length) {
      context.addIssue({ code: 'custom', path: ['alternatives'], message: 'two alternatives share an id' });
    }
  });

export type PresetEndpoint = z.infer<typeof presetEndpointSchema>;
export type ProviderPreset = z.infer<typeof providerPresetSchema>;
/** What a preset is written as; defaults (quirks.notes, alternatives) may be left out. */
export type ProviderPresetInput = z.input<typeof providerPresetSchema>;
