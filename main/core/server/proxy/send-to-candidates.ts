import type Koa from 'koa';
import {
  buildUpstreamHeaders,
  sendWithFailover,
  type FailoverResult,
  type UpstreamCandidate,
} from '../../upstream';
import type { ProxyRuntime, ProxyServices } from './proxy-services';
import type { TraceDraft } from './trace-draft';

/** What goes to one candidate: the same whichever of its keys is tried. */
export interface PreparedBody {
  url: string;
  body: string;
  /** Same protocol, same provider: client headers are forwarded as for a passthrough. */
  passthrough: boolean;
}

export interface CandidateSend {
  result: FailoverResult;
  /** The body prepared for a candidate (encoded once, on first use). */
  prepared(candidate: UpstreamCandidate): PreparedBody;
}

/**
 * Sends a request to the candidates in order through key rotation and
 * fallback, encoding each candidate's body once, and aborting upstream the
 * moment the client goes away. Every attempt lands on the trace.
 */
export async function sendToCandidates(input: {
  services: ProxyServices;
  runtime: ProxyRuntime;
  ctx: Koa.Context;
  trace: TraceDraft;
  candidates: UpstreamCandidate[];
  sessionId?: string;
  encode(candidate: UpstreamCandidate): PreparedBody;
}): Promise<CandidateSend> {
  const { ctx, trace } = input;
  const cache = new Map<string, PreparedBody>();
  const prepared = (candidate: UpstreamCandidate): PreparedBody => {
    const cacheKey = `${candidate.providerId}\u0000${candidate.model}`;
    let entry = cache.get(cacheKey);
    if (!entry) {
      entry = input.encode(candidate);
      cache.set(cacheKey, entry);
    }
    return entry;
  };
  const abort = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) abort.abort();
  });
  const result = await sendWithFailover({
    client: input.runtime.upstream,
    keyPool: input.runtime.keyPool,
    affinity: input.services.affinity,
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    candidates: input.candidates,
    signal: abort.signal,
    prepare(candidate, apiKey) {
      const entry = prepared(candidate);
      trace.captureUpstreamRequest(entry.body);
      return {
        url: entry.url,
        headers: buildUpstreamHeaders({
          provider: candidate.provider,
          format: candidate.provider.format,
          apiKey,
          clientHeaders: ctx.headers,
          passthrough: entry.passthrough,
          bodyLength: Buffer.byteLength(entry.body),
        }),
        body: entry.body,
      };
    },
    onAttempt: (attempt) => trace.addAttempt(attempt),
  });
  trace.noteFailover(result);
  return { result, prepared };
}
