import { z } from 'zod';
import { cacheSchema } from '../../../../main/core/config/guardrails-schema';

export type CacheField =
  | { name: string; kind: 'enum'; options: readonly string[] }
  | { name: string; kind: 'number' }
  | { name: string; kind: 'boolean' }
  | { name: string; kind: 'list' }
  | { name: string; kind: 'text' }
  /** A nested section: kept as it is, not edited here. */
  | { name: string; kind: 'nested' };

function innerType(field: z.ZodType): z.ZodType {
  let inner = field;
  while (
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodPrefault ||
    inner instanceof z.ZodOptional ||
    inner instanceof z.ZodNullable
  )
    inner = inner.unwrap() as z.ZodType;
  return inner;
}

/**
 * The cache editor's fields, read from the config's own cache schema: a field
 * the schema gains (a new cache mode's settings) shows up in the editor
 * without a second list to keep in step.
 */
export function describeCacheFields(): CacheField[] {
  return Object.entries(cacheSchema.unwrap().shape).map(([name, field]): CacheField => {
    const inner = innerType(field as z.ZodType);
    if (inner instanceof z.ZodEnum) return { name, kind: 'enum', options: inner.options as string[] };
    if (inner instanceof z.ZodNumber) return { name, kind: 'number' };
    if (inner instanceof z.ZodBoolean) return { name, kind: 'boolean' };
    if (inner instanceof z.ZodArray) return { name, kind: 'list' };
    if (inner instanceof z.ZodString) return { name, kind: 'text' };
    return { name, kind: 'nested' };
  });
}
