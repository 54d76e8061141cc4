import { z } from 'zod';
import type { ConfigPathSegment } from './config-problem';

/** The schema under optional / nullable / default wrappers: the object, list or record itself. */
function unwrapSchema(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (
    inner instanceof z.ZodOptional ||
    inner instanceof z.ZodNullable ||
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodPrefault
  )
    inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The schema of one field, list item or record value of `schema`; undefined where it cannot be told. */
export function childSchema(schema: z.ZodType | undefined, key: ConfigPathSegment): z.ZodType | undefined {
  if (schema === undefined) return undefined;
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodObject && typeof key === 'string')
    return inner.shape[key] as z.ZodType | undefined;
  if (inner instanceof z.ZodArray && typeof key === 'number') return inner.element as z.ZodType;
  if (inner instanceof z.ZodRecord && typeof key === 'string') return inner.valueType as z.ZodType;
  return undefined;
}

export function schemaAt(
  schema: z.ZodType | undefined,
  path: readonly ConfigPathSegment[],
): z.ZodType | undefined {
  let current = schema;
  for (const segment of path) current = childSchema(current, segment);
  return current;
}

/** The value the schema fills in for a field left out, when it has one (`.default(…)`). */
export function defaultOf(schema: z.ZodType | undefined): { value: unknown } | undefined {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
    inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodDefault) return { value: inner.def.defaultValue as unknown };
  return undefined;
}

/** The schema gives a value when the field is left out (`.default()` or `.prefault()`). */
export function fillsIn(schema: z.ZodType | undefined): boolean {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
    inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault;
}

/** An enum field (under its wrappers): a named choice such as `mode` or `action`. */
export function isChoice(schema: z.ZodType | undefined): boolean {
  return schema !== undefined && unwrapSchema(schema) instanceof z.ZodEnum;
}
