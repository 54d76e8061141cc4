export interface ModelReference {
  provider: string;
  model: string;
  /** `pipe`: `provider|model`; `colon`: the original ai-switch's `provider:model`; `plain`: just a model. */
  syntax: 'pipe' | 'colon' | 'plain';
}

/**
 * Parses a model value from `default_model`, `scene_map`, `model_map` or
 * `fallback`: `provider|model`, or a plain model on the route's provider.
 *
 * The original ai-switch wrote `provider:model`; that form is honoured only
 * when the part before the colon names a defined provider, because model ids
 * themselves contain colons (`qwen2.5:7b`, `gpt-oss:20b`).
 */
export function parseModelReference(input: {
  value: string;
  routeProvider: string;
  providerIds?: ReadonlySet<string>;
}): ModelReference {
  const value = input.value.trim();
  const pipe = value.indexOf('|');
  if (pipe >= 0) {
    // `|model` names the route's own provider explicitly.
    const provider = value.slice(0, pipe).trim() || input.routeProvider;
    return { provider, model: value.slice(pipe + 1).trim(), syntax: 'pipe' };
  }
  const colon = value.indexOf(':');
  if (colon > 0 && input.providerIds !== undefined) {
    const candidate = value.slice(0, colon).trim();
    if (input.providerIds.has(candidate))
      return { provider: candidate, model: value.slice(colon + 1).trim(), syntax: 'colon' };
  }
  return { provider: input.routeProvider, model: value, syntax: 'plain' };
}
