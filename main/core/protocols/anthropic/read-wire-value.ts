/*
 * Tolerant readers for untyped wire JSON. Upstreams and clients send nulls,
 * extra fields and the occasional wrong type; these never throw.
 */

export type WireObject = Record<string, unknown>;

export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Keys of `object` that `known` does not list, with their values. */
export function pickUnknownFields(object: WireObject, known: ReadonlySet<string>): WireObject {
  const rest: WireObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!known.has(key)) rest[key] = value;
  }
  return rest;
}
