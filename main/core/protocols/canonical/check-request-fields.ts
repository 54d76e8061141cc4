import { invalidRequest } from './errors';

/** What a request field must hold when present (null counts as absent, as the providers take it). */
export type FieldRule =
  'positive-integer' | 'non-negative-integer' | 'non-negative-number' | 'boolean' | 'object';

/** How a protocol's own API words a refused field, so clients see the error their provider would give. */
export type FieldMessage = (input: { path: string; rule: FieldRule; value: unknown }) => string;

/**
 * Refuses values no provider accepts — `max_tokens: 0` or `2.5`, a negative
 * temperature, `stream: "zzz"` — with a 400 naming the field, instead of
 * passing them on (or quietly treating them as absent). `rules` keys are
 * dotted paths into the body.
 */
export function checkRequestFields(
  body: Record<string, unknown>,
  rules: Readonly<Record<string, FieldRule>>,
  message: FieldMessage,
): void {
  for (const [path, rule] of Object.entries(rules)) {
    const value = valueAt(body, path);
    if (value === undefined || value === null || fits(value, rule)) continue;
    throw invalidRequest(message({ path, rule, value }));
  }
}

function valueAt(body: Record<string, unknown>, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function fits(value: unknown, rule: FieldRule): boolean {
  switch (rule) {
    case 'positive-integer':
      return Number.isInteger(value) && (value as number) >= 1;
    case 'non-negative-integer':
      return Number.isInteger(value) && (value as number) >= 0;
    case 'non-negative-number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default: {
      const _exhaustive: never = rule;
      return _exhaustive;
    }
  }
}

/** JSON's name for a value's type, as the providers' error messages use it. */
export function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
