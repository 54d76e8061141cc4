import { finished } from 'node:stream';
import type { ProviderConfig } from '../config/schema';
import type { CanonicalError } from '../protocols/canonical/types';
import type { IncomingHeaders } from './build-upstream-headers';
import type { UpstreamFailureKind } from './classify-upstream-error';
import { classifyUpstreamError, describeUpstreamError } from './classify-upstream-error';
import type { KeyPool } from './create-key-pool';
import type { SessionAffinity } from './create-session-affinity';
import type { UpstreamClient, UpstreamResponse } from './create-upstream-client';
import { providerTimeoutOverrides } from './create-upstream-client';
import { orderCandidatesByAffinity } from './order-candidates-by-affinity';
import type { UpstreamHttpFailure } from './describe-upstream-failure';
import {
  errorFromCoolingKeys,
  errorFromTransportFailure,
  errorFromUpstreamResponse,
} from './describe-upstream-failure';
import { parseRetryAfter, parseRetryDelayFromBody } from './parse-retry-after';
import { peekFirstChunk } from './peek-first-chunk';
import { readErrorBody } from './read-error-body';

export interface UpstreamCandidate {
  providerId: string;
  provider: ProviderConfig;
  /** Upstream model name. */
  model: string;
}

export interface PreparedUpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
  method?: 'POST' | 'GET';
}

/** One upstream try, for the trace. Never holds the key. Times are epoch ms. */
export interface AttemptRecord {
  providerId: string;
  model: string;
  keyIndex: number;
  url: string;
  status?: number;
  failure?: UpstreamFailureKind;
  error?: string;
  startedAt: number;
  headersAt?: number;
  firstByteAt?: number;
  /** For the winning attempt, set later, when its body finishes. */
  endedAt?: number;
}

/** A candidate passed over without a request. */
export interface SkippedCandidate {
  providerId: string;
  model: string;
  reason: 'keys-cooling' | 'unknown-provider' | 'rate-limited';
  retryAt?: number;
}

export interface SendWithFailoverOptions {
  client: UpstreamClient;
  keyPool: KeyPool;
  affinity?: SessionAffinity;
  sessionId?: string;
  /** In the router's order: the route's provider first, then its `fallback` entries. */
  candidates: UpstreamCandidate[];
  /** Encode the request for this candidate with this key (empty for keyless providers). */
  prepare: (candidate: UpstreamCandidate, apiKey: string) => PreparedUpstreamRequest;
  signal?: AbortSignal;
  /** Called once per attempt, as soon as its outcome is known. */
  onAttempt?: (record: AttemptRecord) => void;
  /** Called as an attempt starts and as its headers arrive (live views); the record is the same object. */
  onAttemptProgress?: (record: AttemptRecord) => void;
  /**
   * Before the first attempt on each candidate (the guardrails take its provider's rate-limit
   * slot, waiting as configured). An error passes the candidate over; it is the request's error
   * if no later candidate answers. Undefined: entered at once.
   */
  enterCandidate?: (candidate: UpstreamCandidate) => Promise<CanonicalError | undefined> | undefined;
  now?: () => number;
}

interface Settled {
  attempts: AttemptRecord[];
  skipped: SkippedCandidate[];
}

export type FailoverResult =
  | (Settled & {
      ok: true;
      /** 2xx whose first body bytes have arrived (and are still in the stream). Nothing has reached the client yet. */
      response: UpstreamResponse;
      candidate: UpstreamCandidate;
      /** Index in `candidates`: anything but 0 means a fallback answered. */
      candidateIndex: number;
      keyIndex: number;
    })
  | (Settled & {
      ok: false;
      /** rejected: the provider refused the request itself (400, 404, 413…), retrying elsewhere would not help. */
      reason: 'rejected' | 'exhausted' | 'aborted';
      error: CanonicalError;
      /** The last upstream error response, body decoded, for passthrough clients. */
      lastResponse?: { status: number; headers: IncomingHeaders; body: string };
      candidate?: UpstreamCandidate;
    });

type AttemptOutcome = { next: 'key' | 'candidate' } | { next: 'done'; result: FailoverResult };

/**
 * Sends to the candidates in order (a sticky session's healthy placement
 * first), rotating keys on 429/529/401/403 and moving to the next candidate on
 * connection errors, timeouts before the first byte, 5xx, or when every key is
 * cooling. Resolves only once the winner's first bytes arrived, so a stall
 * before the first byte still fails over. Bounded: each key of each candidate
 * is tried at most once.
 */
export async function sendWithFailover(options: SendWithFailoverOptions): Promise<FailoverResult> {
  const {
    client,
    keyPool,
    affinity,
    sessionId,
    candidates,
    prepare,
    signal,
    onAttempt,
    onAttemptProgress,
    enterCandidate,
    now = Date.now,
  } = options;
  const settled: Settled = { attempts: [], skipped: [] };
  let lastError: CanonicalError | undefined;
  let lastResponse: { status: number; headers: IncomingHeaders; body: string } | undefined;

  const aborted = (): FailoverResult => ({
    ok: false,
    reason: 'aborted',
    error: errorFromTransportFailure('', 'aborted', ''),
    ...settled,
  });

  async function attempt(
    candidate: UpstreamCandidate,
    candidateIndex: number,
    key: string,
    keyIndex: number,
  ): Promise<AttemptOutcome> {
    const prepared = prepare(candidate, key);
    const record: AttemptRecord = {
      providerId: candidate.providerId,
      model: candidate.model,
      keyIndex,
      url: prepared.url,
      startedAt: now(),
    };
    settled.attempts.push(record);
    onAttemptProgress?.(record);
    const failTransport = (error: unknown): AttemptOutcome => {
      const kind = classifyUpstreamError(error, signal);
      record.failure = kind;
      record.error = describeUpstreamError(error);
      record.endedAt = now();
      onAttempt?.(record);
      if (kind === 'aborted') return { next: 'done', result: aborted() };
      lastError = errorFromTransportFailure(candidate.providerId, kind, record.error);
      lastResponse = undefined;
      return { next: 'candidate' };
    };

    let response: UpstreamResponse;
    try {
      response = await client.send({
        url: prepared.url,
        method: prepared.method ?? 'POST',
        headers: prepared.headers,
        body: prepared.body,
        signal,
        timeouts: providerTimeoutOverrides(candidate.provider),
        useProxy: candidate.provider.enable_proxy,
      });
    } catch (error) {
      return failTransport(error);
    }
    record.headersAt = now();
    record.status = response.status;
    onAttemptProgress?.(record);

    if (response.status >= 200 && response.status < 300) {
      try {
        if ((await peekFirstChunk(response.body)) === 'data') record.firstByteAt = now();
      } catch (error) {
        response.body.destroy();
        return failTransport(error);
      }
      keyPool.reportResult(candidate.providerId, keyIndex, response.status);
      if (affinity !== undefined && sessionId !== undefined) {
        affinity.set(sessionId, { providerId: candidate.providerId, model: candidate.model, keyIndex });
      }
      finished(response.body, (error) => {
        record.endedAt = now();
        if (error) record.error = describeUpstreamError(error);
      });
      onAttempt?.(record);
      return {
        next: 'done',
        result: { ok: true, response, candidate, candidateIndex, keyIndex, ...settled },
      };
    }

    const bodyText = await readErrorBody(response.body);
    record.endedAt = now();
    onAttempt?.(record);
    if (signal?.aborted) return { next: 'done', result: aborted() };
    const retryAfter = parseRetryAfter(response.headers) ?? parseRetryDelayFromBody(parseJson(bodyText));
    keyPool.reportResult(candidate.providerId, keyIndex, response.status, retryAfter);
    const failure: UpstreamHttpFailure = {
      providerId: candidate.providerId,
      status: response.status,
      bodyText,
      retryAfter,
    };
    lastError = errorFromUpstreamResponse(failure);
    lastResponse = { status: response.status, headers: response.headers, body: bodyText };
    if ([401, 403, 429, 529].includes(response.status)) return { next: 'key' };
    if (response.status >= 500) return { next: 'candidate' };
    return {
      next: 'done',
      result: { ok: false, reason: 'rejected', error: lastError, lastResponse, candidate, ...settled },
    };
  }

  const sticky = sessionId !== undefined ? affinity?.get(sessionId) : undefined;
  for (const { candidate, candidateIndex, preferredKeyIndex } of orderCandidatesByAffinity(
    candidates,
    keyPool,
    sticky,
  )) {
    const tried = new Set<number>();
    const keyCount = keyPool.keyCount(candidate.providerId);
    let entered = enterCandidate === undefined;
    for (let round = 0; round <= keyCount; round += 1) {
      if (signal?.aborted) return aborted();
      const pick = keyPool.pick(candidate.providerId, { preferredKeyIndex, exclude: tried });
      if (pick.kind === 'exhausted') break;
      if (pick.kind === 'unknown-provider') {
        settled.skipped.push({
          providerId: candidate.providerId,
          model: candidate.model,
          reason: 'unknown-provider',
        });
        break;
      }
      if (pick.kind === 'all-cooling') {
        settled.skipped.push({
          providerId: candidate.providerId,
          model: candidate.model,
          reason: 'keys-cooling',
          retryAt: pick.retryAt,
        });
        // A real upstream answer from this request says more than our bookkeeping does.
        if (lastError === undefined) {
          lastError = errorFromCoolingKeys(candidate.providerId, pick.lastStatus, pick.retryAt, now());
        }
        break;
      }
      if (!entered) {
        entered = true;
        const entering = enterCandidate!(candidate);
        const refusal = entering === undefined ? undefined : await entering;
        if (signal?.aborted) return aborted();
        if (refusal) {
          settled.skipped.push({
            providerId: candidate.providerId,
            model: candidate.model,
            reason: 'rate-limited',
            ...(refusal.retryAfter !== undefined && { retryAt: now() + refusal.retryAfter * 1000 }),
          });
          // Waiting longer is what would help: the client hears this, not an older upstream answer.
          lastError = refusal;
          lastResponse = undefined;
          break;
        }
      }
      tried.add(pick.keyIndex);
      const outcome = await attempt(candidate, candidateIndex, pick.key, pick.keyIndex);
      if (outcome.next === 'done') return outcome.result;
      if (outcome.next === 'candidate') break;
    }
  }

  return {
    ok: false,
    reason: 'exhausted',
    error: lastError ?? {
      kind: 'api_error',
      status: 502,
      message: 'No upstream provider is configured for this request',
    },
    ...(lastResponse !== undefined ? { lastResponse } : {}),
    ...settled,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
