/** A field the server (or the input schema) refused, at its dotted path. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A failed call as the contract answers it: `{ error: { message, fields? } }`
 * with an HTTP status. Status 0 means the engine could not be reached.
 */
export class CallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'CallError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }

  get signedOut(): boolean {
    return this.status === 401;
  }
}

/** Reads the contract's error body; anything else becomes a CallError with what can be said. */
export function callErrorFrom(status: number, body: unknown, fallback: string): CallError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { message, fields } = error as { message?: unknown; fields?: unknown };
      return new CallError(
        status,
        typeof message === 'string' ? message : fallback,
        Array.isArray(fields) ? fields.filter(isFieldError) : [],
      );
    }
  }
  return new CallError(status, fallback);
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}
