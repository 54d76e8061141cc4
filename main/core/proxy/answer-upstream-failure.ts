import type { ProxyExchange } from './proxy-exchange';
import { codecFor, protocolForFormat } from '../protocols/registry';
import type { FailoverResult, UpstreamCandidate } from '../upstream';
import type { ProxyEndpoint } from './match-endpoint';
import type { TraceDraft } from '../trace/trace-draft';

/**
 * No upstream answered with success. The client gets the last upstream error
 * in its own protocol with the upstream's status (a 429 keeps Retry-After);
 * a same-protocol client gets the provider's own error body unchanged.
 */
export function answerUpstreamFailure(input: {
  exchange: ProxyExchange;
  endpoint: ProxyEndpoint;
  result: Extract<FailoverResult, { ok: false }>;
  trace: TraceDraft;
  passthroughFor: (candidate: UpstreamCandidate) => boolean;
  /** The provider's error can quote the key or a custom header it was sent (some echo the request). */
  maskSecrets: (text: string) => string;
}): void {
  const { exchange, endpoint, result, trace, maskSecrets } = input;
  if (result.reason === 'aborted') {
    trace.noteFailure(result.error.status, result.error.message, '');
    exchange.respond = false;
    return;
  }
  const { error, lastResponse, candidate } = result;
  if (error.retryAfter !== undefined) exchange.set('retry-after', String(Math.ceil(error.retryAfter)));
  const sameProtocol =
    candidate !== undefined &&
    protocolForFormat(candidate.provider.format) === endpoint.protocol &&
    input.passthroughFor(candidate);
  if (result.reason === 'rejected' && sameProtocol && lastResponse) {
    exchange.status = lastResponse.status;
    exchange.type = String(lastResponse.headers['content-type'] ?? 'application/json');
    const body = maskSecrets(lastResponse.body);
    exchange.body = body;
    trace.noteFailure(lastResponse.status, maskSecrets(error.message), body);
    return;
  }
  const shown = { ...error, message: maskSecrets(error.message) };
  const body = JSON.stringify(codecFor(endpoint.protocol).encodeError(shown));
  exchange.status = error.status;
  exchange.type = 'application/json';
  exchange.body = body;
  trace.noteFailure(error.status, shown.message, body);
}
