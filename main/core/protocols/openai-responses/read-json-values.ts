import { invalidRequest } from '../canonical/errors';

/*
 * Small readers for untyped wire JSON. Requests are validated field by field
 * (naming the field on error); responses from upstreams are read leniently.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a string, or undefined for anything else (null included). */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function optionalRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function optionalArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Request validation: a string or absent/null; anything else names the field. */
export function requestString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${field} must be a string`);
  return value;
}

export function requiredRequestString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidRequest(`${field} must be a string`);
  return value;
}

export function requestNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${field} must be a number`);
  return value;
}

export function requestBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${field} must be a boolean`);
  return value;
}

export function requestRecord(value: unknown, field: string): JsonRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest(`${field} must be an object`);
  return value;
}

export function requestArray(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`${field} must be an array`);
  return value;
}

/** A copy without the given keys; undefined when nothing is left. */
export function omitKeys(record: JsonRecord, keys: readonly string[]): JsonRecord | undefined {
  const rest: JsonRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (!keys.includes(key)) rest[key] = value;
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}
