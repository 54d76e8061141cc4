import type { AppConfig, RouteConfig } from '../config/schema';
import type { ProtocolName } from '../protocols/canonical/types';

export interface OpenAiModelList {
  object: 'list';
  data: { id: string; object: 'model'; created: number; owned_by: string }[];
}

/** Fields as in `ModelInfo` of @anthropic-ai/sdk 1.11; unknowns are null, as the API does for them. */
export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
  capabilities: null;
  deprecated_at: null;
  lifecycle: 'active';
  line: null;
  max_input_tokens: null;
  max_tokens: null;
  retires_at: null;
}

export interface AnthropicModelList {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

export interface GeminiModelList {
  models: { name: string; displayName: string; supportedGenerationMethods: string[] }[];
}

export type ModelList = OpenAiModelList | AnthropicModelList | GeminiModelList;

const GEMINI_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'];

/**
 * `GET /v1/models` in the client's protocol: the route provider's `models`
 * followed by the route's `model_map` keys (the names a client may ask for),
 * without case-insensitive duplicates. One page; nothing is fetched upstream.
 */
export function listModels(input: {
  config: AppConfig;
  route: RouteConfig;
  protocol: ProtocolName;
  /** Epoch milliseconds used as the creation time (model release dates are unknown). */
  now?: number;
}): ModelList {
  const { config, route, protocol } = input;
  const ids = collectModelIds(config, route);
  const now = input.now ?? Date.now();
  switch (protocol) {
    case 'openai-chat':
    case 'openai-responses':
      return {
        object: 'list',
        data: ids.map((id) => ({
          id,
          object: 'model',
          created: Math.floor(now / 1000),
          owned_by: route.provider,
        })),
      };
    case 'anthropic': {
      const createdAt = new Date(now).toISOString();
      return {
        data: ids.map((id): AnthropicModelInfo => ({
          type: 'model',
          id,
          display_name: id,
          created_at: createdAt,
          capabilities: null,
          deprecated_at: null,
          lifecycle: 'active',
          line: null,
          max_input_tokens: null,
          max_tokens: null,
          retires_at: null,
        })),
        has_more: false,
        first_id: ids[0] ?? null,
        last_id: ids.at(-1) ?? null,
      };
    }
    case 'gemini':
      return {
        models: ids.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: GEMINI_METHODS,
        })),
      };
    default: {
      const _exhaustive: never = protocol;
      return _exhaustive;
    }
  }
}

function collectModelIds(config: AppConfig, route: RouteConfig): string[] {
  const provider = Object.hasOwn(config.providers, route.provider)
    ? config.providers[route.provider]
    : undefined;
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const id of [...(provider?.models ?? []), ...Object.keys(route.model_map)]) {
    const trimmed = id.trim();
    const folded = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(folded)) continue;
    seen.add(folded);
    ids.push(trimmed);
  }
  return ids;
}
