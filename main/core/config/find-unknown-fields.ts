import { z } from 'zod';
import type { ConfigPathSegment } from './config-problem';
import { isPlainObject } from './expand-env-references';

export interface UnknownField {
  path: ConfigPathSegment[];
  message: string;
}

/*
 * Keys from older ai-switch files that this app understands but no longer
 * uses. They get a specific note instead of "unknown field".
 */
const RETIRED_FIELDS: Record<string, string> = {
  upstream:
    'the single-upstream block of early ai-switch versions is ignored: define a provider and a route instead',
  default_provider: 'ignored: set default_route to a route instead',
};
const RETIRED_PROVIDER_FIELDS: Record<string, string> = {
  model: 'ignored: set default_model on a route instead',
};

/** Objects whose extra keys another check reports with a better message. */
const SKIPPED_OBJECTS = new Set(['scene_map']);

/**
 * Compares the keys of a parsed file with the schema's shape, recursively
 * (inside `providers.*` and `routes.*` too). The schema is loose so unknown
 * keys survive a save; this is where they become warnings.
 */
export function findUnknownFields(input: { value: unknown; schema: z.ZodType }): UnknownField[] {
  const found: UnknownField[] = [];

  const visit = (value: unknown, schema: z.ZodType, path: ConfigPathSegment[]): void => {
    const inner = unwrapSchema(schema);
    if (inner instanceof z.ZodObject) {
      if (!isPlainObject(value)) return;
      const shape = inner.shape as Record<string, z.ZodType>;
      for (const [key, child] of Object.entries(value)) {
        const childSchema = shape[key];
        if (childSchema === undefined) {
          found.push({ path: [...path, key], message: describeUnknown(key, path, Object.keys(shape)) });
        } else if (!SKIPPED_OBJECTS.has(key)) {
          visit(child, childSchema, [...path, key]);
        }
      }
      return;
    }
    if (inner instanceof z.ZodRecord) {
      if (!isPlainObject(value)) return;
      for (const [key, child] of Object.entries(value))
        visit(child, inner.valueType as z.ZodType, [...path, key]);
      return;
    }
    if (inner instanceof z.ZodArray && Array.isArray(value)) {
      value.forEach((item, index) => visit(item, inner.element as z.ZodType, [...path, index]));
    }
  };

  visit(input.value, input.schema, []);
  return found;
}

function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodOptional
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function describeUnknown(key: string, parentPath: ConfigPathSegment[], knownKeys: string[]): string {
  const retired = parentPath.length === 0 ? RETIRED_FIELDS[key] : undefined;
  if (retired !== undefined) return `retired field: ${retired}`;
  const retiredProviderField =
    parentPath.length === 2 && parentPath[0] === 'providers' ? RETIRED_PROVIDER_FIELDS[key] : undefined;
  if (retiredProviderField !== undefined) return `retired field: ${retiredProviderField}`;
  const suggestion = suggestKey(key, knownKeys);
  return suggestion === undefined
    ? 'unknown field (ignored, kept in the file)'
    : `unknown field (ignored, kept in the file); did you mean "${suggestion}"?`;
}

/** A known key that differs only in case, `-` vs `_`, or by one edit. */
export function suggestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const normalize = (text: string): string => text.toLowerCase().replaceAll('-', '_');
  const normalized = normalize(key);
  const sameShape = knownKeys.find((known) => normalize(known) === normalized);
  if (sameShape !== undefined) return sameShape;
  return knownKeys.find((known) => editDistanceAtMostOne(normalize(known), normalized));
}

/** One insertion, deletion, substitution or swap of neighbours (`prot` → `port`). */
function editDistanceAtMostOne(left: string, right: string): boolean {
  if (Math.abs(left.length - right.length) > 1) return false;
  if (left.length === right.length) {
    const differences = [...left].flatMap((character, index) => (character === right[index] ? [] : [index]));
    if (differences.length === 2) {
      const [first, second] = differences as [number, number];
      return second === first + 1 && left[first] === right[second] && left[second] === right[first];
    }
  }
  let leftIndex = 0;
  let rightIndex = 0;
  let edits = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    if (left[leftIndex] === right[rightIndex]) {
      leftIndex += 1;
      rightIndex += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (left.length > right.length) leftIndex += 1;
    else if (right.length > left.length) rightIndex += 1;
    else {
      leftIndex += 1;
      rightIndex += 1;
    }
  }
  return edits + (left.length - leftIndex) + (right.length - rightIndex) <= 1;
}
