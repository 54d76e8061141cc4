import type { CanonicalRequest, CanonicalResponse } from '../protocols/canonical';
import { responseToEvents } from '../protocols/canonical';
import { codecFor } from '../protocols/registry';
import type { ProxyEndpoint } from '../proxy/match-endpoint';
import type { ProxyExchange } from '../proxy/proxy-exchange';
import type { TraceDraft } from '../trace/trace-draft';
import type { CacheHit } from './create-response-cache';

/**
 * Answers from the cache in the client's protocol: one JSON body, or the
 * stream the client asked for (the cached response replayed as events).
 * The trace says so and counts no usage: nothing was spent.
 */
export function replayCachedResponse(input: {
  exchange: ProxyExchange;
  endpoint: ProxyEndpoint;
  request: CanonicalRequest;
  hit: CacheHit;
  trace: TraceDraft;
}): void {
  const { exchange, endpoint, hit, trace } = input;
  const codec = codecFor(endpoint.protocol);
  const client = {
    requestModel: input.request.model,
    responseId: `ais_${trace.id}`,
    ...(endpoint.geminiFraming ? { geminiFraming: endpoint.geminiFraming } : {}),
  };
  const response: CanonicalResponse = { ...hit.response, id: client.responseId };
  let body: string;
  let contentType: string;
  const warnings = [];
  if (input.request.stream) {
    const encoder = codec.createStreamEncoder({ client });
    body =
      responseToEvents(response)
        .map((event) => encoder.push(event))
        .join('') + encoder.end();
    warnings.push(...encoder.warnings);
    contentType =
      endpoint.geminiFraming === 'json-array'
        ? 'application/json; charset=utf-8'
        : 'text/event-stream; charset=utf-8';
  } else {
    const encoded = codec.encodeResponse({ response, client });
    body = JSON.stringify(encoded.value);
    warnings.push(...encoded.warnings);
    contentType = 'application/json; charset=utf-8';
  }
  exchange.respond = false;
  exchange.res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-ais-cache': 'hit',
    'x-ais-cache-layer': hit.layer,
    ...(hit.similarity !== undefined ? { 'x-ais-cache-similarity': hit.similarity.toFixed(4) } : {}),
  });
  exchange.res.end(body);
  const { inputTokens, outputTokens } = hit.response.usage;
  trace.noteCacheHit(hit.response.usage);
  trace.noteJson(200, body, undefined, [
    ...warnings,
    hit.layer === 'semantic'
      ? {
          code: 'cache-hit-semantic',
          message:
            `answered from the semantic cache: the latest user text has similarity ${hit.similarity?.toFixed(4)} ` +
            `(threshold ${hit.threshold}) to a cached request's, which matched in everything else; ` +
            `saved ${inputTokens} input and ${outputTokens} output tokens`,
        }
      : {
          code: 'cache-hit',
          message: `answered from the response cache (${hit.layer}); saved ${inputTokens} input and ${outputTokens} output tokens`,
        },
  ]);
}
