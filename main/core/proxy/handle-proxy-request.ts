import type { ProxyExchange } from './proxy-exchange';
import { invalidRequest, ProtocolError } from '../protocols/canonical';
import type { ProtocolName } from '../protocols/canonical';
import { decodeAnthropicCountTokensRequest } from '../protocols/anthropic';
import { decodeGeminiCountTokensRequest } from '../protocols/gemini';
import { codecFor, protocolForFormat } from '../protocols/registry';
import { assertNoPreviousResponseId } from '../protocols/openai-responses';
import { listModels, resolveRoute, extractRouteKey, routeRequest } from '../routing';
import type { UpstreamCandidate } from '../upstream';
import { answerCountTokens } from './answer-count-tokens';
import { answerUpstreamFailure } from './answer-upstream-failure';
import { capCanonicalOutputTokens, capPassthroughOutputTokens, outputTokenCap } from './cap-output-tokens';
import { answerCompaction, expandCompactionItems, shouldAnswerCompaction } from './compact';
import type { ProxyEndpoint } from './match-endpoint';
import type { ProxyServices } from './proxy-services';
import {
  encodeCanonicalBody,
  routedCandidates,
  targetContextOf,
  upstreamUrlOf,
  usableCandidates,
} from './prepare-for-candidate';
import { bodyText, parseJsonBody, readAdmittedBody } from './read-body';
import { relayJson, relayJsonAsStream } from './relay-json';
import { relayStream } from './relay-stream';
import { changedTopLevelFields, rewriteTopLevelFields } from './rewrite-top-level-fields';
import { sendToCandidates, type PreparedBody } from './send-to-candidates';
import { customToolNames, withCustomToolRestore } from './restore-custom-tool-calls';
import { TraceDraft } from '../trace/trace-draft';
import type { Admission } from '../governance/create-governance';

/**
 * One proxied request: decode the client's protocol, route it, send it
 * upstream (with key rotation and fallback), and relay the answer converted
 * back, recording the whole path as a trace.
 */
export async function handleProxyRequest(
  services: ProxyServices,
  exchange: ProxyExchange,
  endpoint: ProxyEndpoint,
): Promise<void> {
  const runtime = services.runtime();
  const { config } = runtime;
  const clientCodec = codecFor(endpoint.protocol);

  if (endpoint.kind === 'models') {
    const resolution = resolveRoute({
      config,
      routeKey: extractRouteKey({ headers: exchange.headers, query: exchange.query }),
      protocol: endpoint.protocol,
    });
    if (!resolution.ok)
      throw new ProtocolError(resolution.error.kind, resolution.error.status, resolution.error.message);
    exchange.body = listModels({ config, route: resolution.route, protocol: endpoint.protocol });
    return;
  }

  const trace = new TraceDraft(exchange, endpoint, services.captureLimit());
  // Every answer, errors included, names its trace.
  exchange.set('x-request-id', trace.id);
  let admission: Admission | undefined;
  const recordTrace = (): void => {
    const record = trace.finish();
    admission?.settle(record);
    services.record(record);
  };
  let releaseBody: (() => void) | undefined;
  try {
    const admitted = await readAdmittedBody(
      exchange.req,
      exchange.res,
      services.bodyGate,
      config.server.upload_idle_timeout_s * 1000,
    );
    releaseBody = admitted.release;
    if (admitted.waitedMs > 0) noteBodyWait(services, trace, admitted.body.length, admitted.waitedMs);
    const raw = bodyText(admitted.body);
    // A Gemini model path that does not decode (`%ZZ`) is the client's mistake, answered in Gemini's shape.
    if (endpoint.invalidModel !== undefined) throw invalidRequest(endpoint.invalidModel);
    trace.captureClientRequest(raw);
    // AI Switch's own compaction items become instructions before anything reads the body (passthrough included).
    const parsedBody = parseJsonBody(raw);
    const expanded = expandCompactionItems({ protocol: endpoint.protocol, body: parsedBody });
    const body = expanded.value;
    // A passthrough forwards the client's own text; only an expanded compaction item makes new JSON.
    const passthroughText = body === parsedBody ? raw : JSON.stringify(body);
    trace.addWarnings(expanded.warnings);
    // Gemini carries model and streaming in the URL; the codec reads them from the body.
    const decodeInput =
      endpoint.protocol === 'gemini'
        ? { ...body, model: endpoint.model, ...(endpoint.stream ? { stream: true } : {}) }
        : body;
    const decoded =
      endpoint.kind === 'count-tokens'
        ? decodeCountTokens(endpoint.protocol, decodeInput)
        : clientCodec.decodeRequest({ body: decodeInput });
    const request = decoded.value;
    trace.noteRequest(request, decoded.warnings);

    const routed = routeRequest({
      config,
      protocol: endpoint.protocol,
      headers: exchange.headers,
      query: exchange.query,
      request,
      counter: services.tokenCounter,
      ...(runtime.configPath ? { configPath: runtime.configPath } : {}),
    });
    if (!routed.ok) throw new ProtocolError(routed.error.kind, routed.error.status, routed.error.message);
    trace.noteRoute(routed);
    services.traceStarted(trace);

    if (endpoint.kind === 'count-tokens') {
      await answerCountTokens({ services, runtime, exchange, endpoint, body, request, routed, trace });
      recordTrace();
      return;
    }
    // A compaction is a paid request like any other (budgets, rate limits), but never answered from
    // the cache: a cached answer would replay as a plain response, not the compaction the client expects.
    const compaction = shouldAnswerCompaction({
      endpoint,
      request,
      provider: config.providers[routed.target.providerId]!,
    });
    admission = await services.governance.admit({
      config,
      request,
      routed,
      exchange,
      endpoint,
      trace,
      cacheable: !compaction,
    });
    if (admission.answered) {
      recordTrace();
      return;
    }
    if (compaction) {
      await answerCompaction({
        services,
        runtime,
        exchange,
        endpoint,
        body,
        passthroughText,
        request,
        routed,
        trace,
        enterProvider: admission.enterProvider,
      });
      recordTrace();
      return;
    }
    const candidates = usableCandidates(routedCandidates(routed, config), runtime.unusableProviders, trace);
    const primary = candidates[0]!;
    if (protocolForFormat(primary.provider.format) !== 'openai-responses')
      assertNoPreviousResponseId(request);

    const encodeForCandidate = (candidate: UpstreamCandidate): PreparedBody => {
      const url = upstreamUrlOf(candidate, request.stream);
      const sameProvider = candidate.providerId === primary.providerId;
      // Same protocol to the same provider: forward the client's body, only the model changes.
      const passthrough =
        protocolForFormat(candidate.provider.format) === endpoint.protocol &&
        sameProvider &&
        endpoint.geminiFraming !== 'json-array';
      const cap = outputTokenCap(candidate.provider, candidate.model);
      if (passthrough) {
        const capped = capPassthroughOutputTokens(body, endpoint.protocol, cap, candidate.model);
        trace.addWarnings(capped.warnings);
        const changes = changedTopLevelFields(body, capped.value);
        // Gemini names the model in the URL.
        if (endpoint.protocol !== 'gemini' && body.model !== candidate.model) changes.model = candidate.model;
        return { url, body: rewriteTopLevelFields(passthroughText, changes), passthrough };
      }
      const capped = capCanonicalOutputTokens(request, cap, candidate.model);
      trace.addWarnings(capped.warnings);
      return {
        url,
        body: encodeCanonicalBody({ request: capped.value, candidate, sameProvider, trace }),
        passthrough,
      };
    };

    const { result, prepared } = await sendToCandidates({
      services,
      runtime,
      exchange,
      trace,
      candidates,
      sessionId: routed.decision.sessionId,
      encode: encodeForCandidate,
      enterProvider: admission.enterProvider,
    });

    if (!result.ok) {
      answerUpstreamFailure({
        exchange,
        maskSecrets: services.maskSecrets,
        endpoint,
        result,
        trace,
        passthroughFor: (candidate) => prepared(candidate).passthrough,
      });
      recordTrace();
      return;
    }

    const { candidate, response } = result;
    const targetProtocol = protocolForFormat(candidate.provider.format);
    const targetCodec = codecFor(targetProtocol);
    const target = targetContextOf(candidate);
    // The request went as sent; the answer too, unless the provider's reasoning comes inline as
    // <think> tags, which a Chat client gets split into reasoning_content like every other client.
    const passthrough =
      prepared(candidate).passthrough && !(targetProtocol === 'openai-chat' && target.thinkTag);
    const customNames =
      targetProtocol === 'openai-responses' ? new Set<string>() : customToolNames(request.tools);
    const client = {
      requestModel: request.model,
      // When the provider gives no id, the trace's id names the response.
      responseId: `ais_${trace.id}`,
      ...(endpoint.geminiFraming ? { geminiFraming: endpoint.geminiFraming } : {}),
    };

    if (!request.stream) {
      await relayJson({
        exchange,
        response,
        passthrough,
        targetCodec,
        clientCodec,
        target,
        client,
        customNames,
        trace,
        intercept: admission.interceptResponse,
      });
      recordTrace();
      return;
    }

    exchange.respond = false;
    const contentType = passthrough
      ? String(response.headers['content-type'] ?? 'text/event-stream')
      : endpoint.geminiFraming === 'json-array'
        ? 'application/json; charset=utf-8'
        : 'text/event-stream; charset=utf-8';
    exchange.res.writeHead(200, {
      'content-type': contentType,
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    // Staged, not flushed: relayStream sends them with the first chunk.
    const intercepted = admission.interceptStream({
      decoder: targetCodec.createStreamDecoder({ target }),
      encoder: passthrough
        ? undefined
        : withCustomToolRestore(clientCodec.createStreamEncoder({ client }), customNames),
      clientEncoder: () => clientCodec.createStreamEncoder({ client }),
    });
    const { encoder } = intercepted;
    const answeredJson = String(response.headers['content-type'] ?? '').includes('application/json');
    const outcome =
      encoder && answeredJson
        ? await relayJsonAsStream({
            res: exchange.res,
            response,
            targetCodec,
            encoder,
            target,
            trace,
          })
        : await relayStream({
            upstreamBody: response.body,
            res: exchange.res,
            decoder: intercepted.decoder,
            encoder,
            errorEncoder: () => clientCodec.createStreamEncoder({ client }),
            captureLimit: services.captureLimit(),
            maskText: services.maskSecrets,
            onProgress: (progress) => trace.noteStreamProgress(progress),
          });
    trace.noteStream(outcome, passthrough);
    recordTrace();
  } catch (error) {
    trace.noteError(error);
    recordTrace();
    throw error;
  } finally {
    releaseBody?.();
  }
}

function noteBodyWait(services: ProxyServices, trace: TraceDraft, bytes: number, waitedMs: number): void {
  const message = `waited ${Math.round(waitedMs)} ms for room among large request bodies in flight (server.large_bodies)`;
  services.logger.warn({ traceId: trace.id, bytes, waitedMs: Math.round(waitedMs) }, message);
  trace.addWarnings([{ code: 'large-body-waited', message }]);
}

function decodeCountTokens(protocol: ProtocolName, body: Record<string, unknown>) {
  return countTokensDecoders[protocol](body);
}

const countTokensDecoders: Record<
  ProtocolName,
  (body: Record<string, unknown>) => ReturnType<typeof decodeAnthropicCountTokensRequest>
> = {
  anthropic: (body) => decodeAnthropicCountTokensRequest({ body }),
  gemini: (body) => decodeGeminiCountTokensRequest(body),
  'openai-chat': (body) => codecFor('openai-chat').decodeRequest({ body }),
  'openai-responses': (body) => codecFor('openai-responses').decodeRequest({ body }),
};
