import { invalidRequest } from '../canonical/errors';
import type { CanonicalRequest } from '../canonical/types';

/**
 * A non-Responses provider has no stored conversation to continue: the
 * pipeline calls this before encoding for one.
 */
export function assertNoPreviousResponseId(request: CanonicalRequest): void {
  if (request.previousResponseId !== undefined) {
    throw invalidRequest(
      'previous_response_id is not supported for this provider; send the full conversation in input with store: false',
    );
  }
}
