import { ApiError } from '../../core/api/api-error';
import { ProtocolError } from '../../core/protocols/canonical';
import type { BridgeAnswer } from './contract-channels';

/** A failed call as the page receives it: the same status, message and fields HTTP would send. */
export function toBridgeError(error: unknown, mask: (text: string) => string): BridgeAnswer {
  if (error instanceof ApiError) {
    return {
      ok: false,
      error: {
        status: error.status,
        message: mask(error.message),
        ...(error.fields.length > 0 && {
          fields: error.fields.map((field) => ({ path: field.path, message: mask(field.message) })),
        }),
      },
    };
  }
  if (error instanceof ProtocolError)
    return { ok: false, error: { status: error.error.status, message: mask(error.error.message) } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { status: 500, message: mask(`AI Switch internal error: ${message}`) } };
}
