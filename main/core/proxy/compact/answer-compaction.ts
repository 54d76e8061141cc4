import type { ProxyExchange } from '../proxy-exchange';
import { randomUUID } from 'node:crypto';
import type { ProviderConfig } from '../../config/schema';
import { ProtocolError } from '../../protocols/canonical';
import type { CanonicalRequest, ClientContext, Warning } from '../../protocols/canonical';
import { assertNoPreviousResponseId } from '../../protocols/openai-responses';
import { convertResponsesUsage } from '../../protocols/openai-responses/convert-responses-usage';
import { codecFor, protocolForFormat } from '../../protocols/registry';
import type { RoutedRequest } from '../../routing';
import type { UpstreamCandidate } from '../../upstream';
import { answerUpstreamFailure } from '../answer-upstream-failure';
import type { ProxyEndpoint } from '../match-endpoint';
import {
  encodeCanonicalBody,
  routedCandidates,
  usableCandidates,
  targetContextOf,
  upstreamUrlOf,
} from '../prepare-for-candidate';
import type { ProxyRuntime, ProxyServices } from '../proxy-services';
import { readUpstreamText } from '../read-upstream-text';
import { rewriteTopLevelFields } from '../rewrite-top-level-fields';
import { sendToCandidates, type PreparedBody } from '../send-to-candidates';
import type { TraceDraft } from '../../trace/trace-draft';
import {
  buildCompactedResponse,
  createCompactionItem,
  createCompactionResponse,
} from './build-compaction-output';
import { buildSummarisationRequest, hasCompactionTrigger } from './build-summarisation-request';
import { summaryTextOf } from './read-summary-text';

type JsonRecord = Record<string, unknown>;

const isResponses = (candidate: UpstreamCandidate): boolean =>
  protocolForFormat(candidate.provider.format) === 'openai-responses';

/**
 * Whether AI Switch answers this request as a compaction: always for
 * `POST /v1/responses/compact`; for a `/v1/responses` turn that carries a
 * `compaction_trigger` item only when the routed provider does not speak
 * Responses (a Responses provider compacts natively, so the turn is forwarded).
 */
export function shouldAnswerCompaction(input: {
  endpoint: ProxyEndpoint;
  request: CanonicalRequest;
  provider: ProviderConfig;
}): boolean {
  if (input.endpoint.kind === 'compact') return true;
  return (
    input.endpoint.protocol === 'openai-responses' &&
    protocolForFormat(input.provider.format) !== 'openai-responses' &&
    hasCompactionTrigger(input.request)
  );
}

/**
 * Compaction for any upstream. A Responses provider gets the compact request
 * itself (`<responses url>/compact`) and its answer is forwarded. Any other
 * provider is asked, with its own protocol, for a summary of the conversation
 * (`SUMMARY_PROMPT`), which comes back to the client as a `compaction` item
 * AI Switch recognises and expands into the instructions next time
 * (`expandCompactionItems`). For `/responses/compact` the answer is a
 * `response.compaction` object; for a `compaction_trigger` turn a Responses
 * response (JSON or stream, as asked) whose one output item is the compaction,
 * as Codex expects from OpenAI. The summary is asked for without streaming:
 * the client sees its first byte when the summary is complete.
 */
export async function answerCompaction(input: {
  services: ProxyServices;
  runtime: ProxyRuntime;
  exchange: ProxyExchange;
  endpoint: ProxyEndpoint;
  body: JsonRecord;
  /** The body as the client sent it (or as expanded), forwarded byte for byte to a Responses provider. */
  passthroughText: string;
  request: CanonicalRequest;
  routed: Extract<RoutedRequest, { ok: true }>;
  trace: TraceDraft;
  /** The guardrails' provider rate limits, taken before each candidate (see Admission). */
  enterProvider?: (providerId: string) => Promise<void> | undefined;
}): Promise<void> {
  const { services, runtime, exchange, endpoint, body, request, routed, trace } = input;
  const mode = endpoint.kind === 'compact' ? 'endpoint' : 'trigger';
  let candidates = usableCandidates(
    routedCandidates(routed, runtime.config),
    runtime.unusableProviders,
    trace,
  );
  if (mode === 'trigger') {
    // The turn came here because the primary cannot compact; a Responses fallback would need the trigger relayed as a stream.
    const skipped = candidates.filter(isResponses);
    candidates = candidates.filter((candidate) => !isResponses(candidate));
    if (skipped.length > 0) {
      trace.addWarnings([
        {
          code: 'compaction-fallback-skipped',
          message: `Responses fallbacks (${skipped.map((candidate) => candidate.providerId).join(', ')}) are not tried for a compaction_trigger summarised by AI Switch.`,
        },
      ]);
    }
  }
  const primary = candidates[0]!;
  if (!isResponses(primary)) assertNoPreviousResponseId(request);

  const summarisation = buildSummarisationRequest({ request });
  trace.addWarnings(summarisation.warnings);
  const encode = (candidate: UpstreamCandidate): PreparedBody => {
    const sameProvider = candidate.providerId === primary.providerId;
    if (isResponses(candidate)) {
      const url = new URL(upstreamUrlOf(candidate, false));
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/compact`;
      return {
        url: url.href,
        body: rewriteTopLevelFields(
          input.passthroughText,
          body.model === candidate.model ? {} : { model: candidate.model },
        ),
        passthrough: sameProvider,
      };
    }
    return {
      url: upstreamUrlOf(candidate, false),
      body: encodeCanonicalBody({ request: summarisation.value, candidate, sameProvider, trace }),
      passthrough: false,
    };
  };
  const { result, prepared } = await sendToCandidates({
    services,
    runtime,
    exchange,
    trace,
    candidates,
    sessionId: routed.decision.sessionId,
    encode,
    ...(input.enterProvider && { enterProvider: input.enterProvider }),
  });
  if (!result.ok) {
    answerUpstreamFailure({
      exchange,
      endpoint,
      result,
      trace,
      passthroughFor: (candidate) => prepared(candidate).passthrough,
      maskSecrets: services.maskSecrets,
    });
    return;
  }

  const { candidate, response } = result;
  const text = await readUpstreamText(response.body, candidate.providerId);
  trace.noteUpstreamResponse(text);
  if (isResponses(candidate)) {
    // The provider compacted natively: its answer (and its opaque item) goes to the client as sent.
    exchange.status = response.status;
    exchange.type = String(response.headers['content-type'] ?? 'application/json');
    exchange.body = text;
    // Its usage is what the provider bills: the trace (and so the budgets) count it.
    trace.noteJson(response.status, text, { usage: convertResponsesUsage(parseObject(text)?.usage) });
    return;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProtocolError(
      'api_error',
      502,
      `provider ${candidate.providerId} answered the compaction summary with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  const decoded = codecFor(protocolForFormat(candidate.provider.format)).decodeResponse({
    body: parsed,
    target: targetContextOf(candidate),
  });
  const summary = summaryTextOf(decoded.value, candidate.providerId);
  const warnings: Warning[] = [...decoded.warnings, ...summary.warnings];
  const item = createCompactionItem({
    summary: summary.value,
    model: candidate.model,
    createdAt: Math.floor(Date.now() / 1000),
  });
  const answer = createCompactionResponse({ item, model: request.model, usage: decoded.value.usage });
  const client: ClientContext = {
    requestModel: request.model,
    responseId: `ais_${randomUUID().replaceAll('-', '')}`,
  };
  const responsesCodec = codecFor('openai-responses');
  exchange.status = 200;

  if (mode === 'trigger' && request.stream) {
    const encoder = responsesCodec.createStreamEncoder({ client });
    const sse =
      encoder.push({ type: 'response-start', id: client.responseId, model: request.model }) +
      encoder.push({ type: 'part-add', id: 'compaction', part: answer.content[0]! }) +
      encoder.push({ type: 'response-finish', stopReason: 'end_turn', usage: answer.usage }) +
      encoder.end();
    exchange.type = 'text/event-stream; charset=utf-8';
    exchange.set('cache-control', 'no-cache');
    exchange.body = sse;
    trace.noteJson(200, sse, answer, [...warnings, ...encoder.warnings]);
    return;
  }
  const encoded = responsesCodec.encodeResponse({ response: answer, client });
  const wire =
    mode === 'endpoint'
      ? buildCompactedResponse({ encoded: encoded.value as JsonRecord, requestBody: body })
      : encoded.value;
  const clientBody = JSON.stringify(wire);
  exchange.type = 'application/json';
  exchange.body = clientBody;
  trace.noteJson(200, clientBody, answer, [...warnings, ...encoded.warnings]);
}

function parseObject(text: string): JsonRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as JsonRecord)
      : undefined;
  } catch {
    return undefined;
  }
}
