import type { ProxyExchange } from './proxy-exchange';
import { ProtocolError, type CanonicalRequest } from '../protocols/canonical';
import { encodeAnthropicCountTokensRequest } from '../protocols/anthropic';
import { countRequestTokens, type RoutedRequest } from '../routing';
import type { UpstreamCandidate, UpstreamResponse } from '../upstream';
import type { ProxyEndpoint } from './match-endpoint';
import { targetContextOf, upstreamUrlOf } from './prepare-for-candidate';
import type { ProxyRuntime, ProxyServices } from './proxy-services';
import { sendToCandidates } from './send-to-candidates';
import { readUpstreamText } from './read-upstream-text';
import type { TraceDraft } from '../trace/trace-draft';

/**
 * `count_tokens` (Anthropic) and `:countTokens` (Gemini). An Anthropic route
 * asks its provider, which knows its own tokenizer; anything else is counted
 * here with a real tokenizer (o200k), never a guess from byte length.
 */
export async function answerCountTokens(input: {
  services: ProxyServices;
  runtime: ProxyRuntime;
  exchange: ProxyExchange;
  endpoint: ProxyEndpoint;
  body: Record<string, unknown>;
  request: CanonicalRequest;
  routed: Extract<RoutedRequest, { ok: true }>;
  trace: TraceDraft;
}): Promise<void> {
  const { exchange, endpoint, request, routed, runtime, trace } = input;
  const candidate: UpstreamCandidate = {
    providerId: routed.target.providerId,
    provider: runtime.config.providers[routed.target.providerId]!,
    model: routed.target.model,
  };
  if (endpoint.protocol === 'anthropic' && candidate.provider.format === 'anthropic') {
    const encoded = encodeAnthropicCountTokensRequest({ request, target: targetContextOf(candidate) });
    trace.addWarnings(encoded.warnings);
    const failure = await countAtProvider(input, candidate, JSON.stringify(encoded.value));
    if (failure === undefined) return;
    trace.addWarnings([
      {
        code: 'count-tokens-local',
        message: `provider count_tokens failed (${failure.message}); counted locally instead`,
      },
    ]);
  }
  const count = countRequestTokens(request);
  const answer = endpoint.protocol === 'gemini' ? { totalTokens: count } : { input_tokens: count };
  const text = JSON.stringify(answer);
  exchange.status = 200;
  exchange.type = 'application/json';
  exchange.body = text;
  trace.noteJson(200, text);
}

/**
 * Asks the provider, as a call like any other: in line for its concurrency cap, if it has one (with no
 * room in the line, the count is made here instead). Undefined when its answer was relayed.
 */
async function countAtProvider(
  input: Parameters<typeof answerCountTokens>[0],
  candidate: UpstreamCandidate,
  upstreamBody: string,
): Promise<{ message: string } | undefined> {
  const { exchange, runtime, trace } = input;
  let release: () => void;
  try {
    release = await input.services.governance.takeProviderSlots({
      config: runtime.config,
      exchange,
      trace,
      providerId: candidate.providerId,
    });
  } catch (error) {
    if (error instanceof ProtocolError && error.error.status === 429) return { message: error.error.message };
    throw error;
  }
  try {
    const { result } = await sendToCandidates({
      services: input.services,
      runtime,
      exchange,
      trace,
      candidates: [candidate],
      encode: () => ({
        url: `${upstreamUrlOf(candidate, false)}/count_tokens`,
        body: upstreamBody,
        passthrough: true,
      }),
    });
    return result.ok ? await relayCount(exchange, result.response, candidate, trace) : result.error;
  } finally {
    release();
  }
}

/** The provider's count, as it sent it; a body that broke part-way is returned as the failure. */
async function relayCount(
  exchange: ProxyExchange,
  response: UpstreamResponse,
  candidate: UpstreamCandidate,
  trace: TraceDraft,
): Promise<Error | undefined> {
  let text: string;
  try {
    text = await readUpstreamText(response.body, candidate.providerId);
  } catch (error) {
    return error as Error;
  }
  exchange.status = response.status;
  exchange.type = 'application/json';
  exchange.body = text;
  trace.noteJson(response.status, text);
  return undefined;
}
