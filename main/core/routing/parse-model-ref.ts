import { parseModelReference } from '../config/parse-model-reference';

/** An upstream target: which configured provider, and the model name to send it. */
export interface ModelTarget {
  providerId: string;
  model: string;
}

/**
 * A config model reference: `model` (on the route's provider), `provider|model`,
 * or the original ai-switch's `provider:model` when `provider` is defined
 * (the config module owns the syntax; this only renames the fields).
 */
export function parseModelRef(
  value: string,
  defaultProvider: string,
  providerIds?: ReadonlySet<string>,
): ModelTarget {
  const reference = parseModelReference({
    value,
    routeProvider: defaultProvider,
    ...(providerIds ? { providerIds } : {}),
  });
  return { providerId: reference.provider, model: reference.model };
}
