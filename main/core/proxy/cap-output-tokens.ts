import type { ProviderConfig } from '../config/schema';
import type { CanonicalRequest, ProtocolName, Warning } from '../protocols/canonical';

/** The provider's `max_output_tokens` for `model`, if configured. */
export function outputTokenCap(provider: ProviderConfig, model: string): number | undefined {
  const cap = provider.max_output_tokens;
  if (cap === undefined || typeof cap === 'number') return cap;
  const wanted = model.toLowerCase();
  for (const [name, value] of Object.entries(cap)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}

function lowered(requested: number, cap: number, model: string): Warning {
  return {
    code: 'max-output-tokens-lowered',
    message: `the client asked for ${requested} output tokens; ${model} accepts at most ${cap} (max_output_tokens), so ${cap} was sent`,
  };
}

/** A converted request: lower `maxOutputTokens` to the cap (an absent limit stays absent). */
export function capCanonicalOutputTokens(
  request: CanonicalRequest,
  cap: number | undefined,
  model: string,
): { value: CanonicalRequest; warnings: Warning[] } {
  const requested = request.maxOutputTokens;
  if (cap === undefined || requested === undefined || requested <= cap)
    return { value: request, warnings: [] };
  return { value: { ...request, maxOutputTokens: cap }, warnings: [lowered(requested, cap, model)] };
}

/** A passthrough body: the same, on the field the protocol uses for it. */
export function capPassthroughOutputTokens(
  body: Record<string, unknown>,
  protocol: ProtocolName,
  cap: number | undefined,
  model: string,
): { value: Record<string, unknown>; warnings: Warning[] } {
  if (cap === undefined) return { value: body, warnings: [] };
  const capField = (holder: Record<string, unknown>, field: string): Record<string, unknown> | undefined => {
    const requested = holder[field];
    return typeof requested === 'number' && requested > cap ? { ...holder, [field]: cap } : undefined;
  };
  const warn = (requested: unknown): Warning[] => [lowered(requested as number, cap, model)];
  switch (protocol) {
    case 'anthropic':
    case 'openai-chat':
    case 'openai-responses':
      for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
        const changed = capField(body, field);
        if (changed) return { value: changed, warnings: warn(body[field]) };
      }
      return { value: body, warnings: [] };
    case 'gemini': {
      const config = body.generationConfig;
      if (typeof config !== 'object' || config === null) return { value: body, warnings: [] };
      const changed = capField(config as Record<string, unknown>, 'maxOutputTokens');
      if (!changed) return { value: body, warnings: [] };
      return {
        value: { ...body, generationConfig: changed },
        warnings: warn((config as Record<string, unknown>).maxOutputTokens),
      };
    }
    default: {
      const _exhaustive: never = protocol;
      return _exhaustive;
    }
  }
}
