import type { z } from 'zod';
import type { FieldError } from '../client/call-error';

/** Dotted path → first message, from a local schema check (the same schema the server checks with). */
export function collectSchemaErrors(error: z.ZodError | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/**
 * The server's field errors, re-rooted at the form: an input error arrives as
 * `provider.base_url`, a config check as `providers.<id>.base_url`; both
 * become `base_url`. Errors under none of the prefixes keep their whole path.
 */
export function collectServerErrors(
  fields: readonly FieldError[],
  prefixes: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const prefix = prefixes.find(
      (candidate) => field.path === candidate || field.path.startsWith(`${candidate}.`),
    );
    const path = prefix === undefined ? field.path : field.path.slice(prefix.length + 1);
    errors[path] ??= field.message;
  }
  return errors;
}

/** The error for a field, or for anything inside it (`custom_headers.x` shows at `custom_headers`). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return nested === undefined ? undefined : errors[nested];
}
