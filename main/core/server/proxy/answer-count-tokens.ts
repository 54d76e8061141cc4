import type Koa from 'koa';
import type { CanonicalRequest } from '../../protocols/canonical';
import { encodeAnthropicCountTokensRequest } from '../../protocols/anthropic';
import { countRequestTokens, type RoutedRequest } from '../../routing';
import type { ProxyEndpoint } from './match-endpoint';
import { upstreamUrlOf } from './prepare-for-candidate';
import type { ProxyRuntime, ProxyServices } from './proxy-services';
import { sendToCandidates } from './send-to-candidates';
import type { TraceDraft } from './trace-draft';

/**
 * `count_tokens` (Anthropic) and `:countTokens` (Gemini). An Anthropic route
 * asks its provider, which knows its own tokenizer; anything else is counted
 * here with a real tokenizer (o200k), never a guess from byte length.
 */
export async function answerCountTokens(input: {
  services: ProxyServices;
  runtime: ProxyRuntime;
  ctx: Koa.Context;
  endpoint: ProxyEndpoint;
  body: Record<string, unknown>;
  request: CanonicalRequest;
  routed: Extract<RoutedRequest, { ok: true }>;
  trace: TraceDraft;
}): Promise<void> {
  const { ctx, endpoint, request, routed, runtime, trace } = input;
  const provider = runtime.config.providers[routed.target.providerId]!;
  if (endpoint.protocol === 'anthropic' && provider.format === 'anthropic') {
    const encoded = encodeAnthropicCountTokensRequest({
      request,
      target: {
        providerId: routed.target.providerId,
        baseUrl: provider.base_url,
        model: routed.target.model,
      },
    });
    trace.addWarnings(encoded.warnings);
    const upstreamBody = JSON.stringify(encoded.value);
    const { result } = await sendToCandidates({
      services: input.services,
      runtime,
      ctx,
      trace,
      candidates: [{ providerId: routed.target.providerId, provider, model: routed.target.model }],
      encode: (candidate) => ({
        url: `${upstreamUrlOf(candidate, false)}/count_tokens`,
        body: upstreamBody,
        passthrough: true,
      }),
    });
    if (result.ok) {
      const chunks: Buffer[] = [];
      for await (const chunk of result.response.body) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      ctx.status = result.response.status;
      ctx.type = 'application/json';
      ctx.body = text;
      trace.noteJson(result.response.status, text);
      return;
    }
    trace.addWarnings([
      {
        code: 'count-tokens-local',
        message: `provider count_tokens failed (${result.error.message}); counted locally instead`,
      },
    ]);
  }
  const count = countRequestTokens(request);
  const answer = endpoint.protocol === 'gemini' ? { totalTokens: count } : { input_tokens: count };
  const text = JSON.stringify(answer);
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = text;
  trace.noteJson(200, text);
}
