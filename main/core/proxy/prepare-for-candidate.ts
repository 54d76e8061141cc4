import type { AppConfig } from '../config/schema';
import { ProtocolError, type CanonicalRequest, type TargetContext } from '../protocols/canonical';
import { codecFor, protocolForFormat } from '../protocols/registry';
import type { RoutedRequest } from '../routing';
import { resolveUpstreamUrl, type UpstreamCandidate } from '../upstream';
import { stripProviderSignatures } from './strip-foreign-signatures';
import type { TraceDraft } from '../trace/trace-draft';

/** The routed target, then its fallbacks, as upstream candidates. */
export function routedCandidates(
  routed: Extract<RoutedRequest, { ok: true }>,
  config: AppConfig,
): UpstreamCandidate[] {
  return [routed.target, ...routed.target.fallbacks].map((target) => ({
    providerId: target.providerId,
    provider: config.providers[target.providerId]!,
    model: target.model,
  }));
}

/**
 * The candidates that can be called: one whose base_url or every key is an
 * unset `${VAR}` is passed over (noted on the trace); when none is left the
 * client is told which variable to set.
 */
export function usableCandidates(
  candidates: UpstreamCandidate[],
  unusable: ReadonlyMap<string, string> | undefined,
  trace: TraceDraft,
): UpstreamCandidate[] {
  if (!unusable || unusable.size === 0) return candidates;
  const usable = candidates.filter((candidate) => !unusable.has(candidate.providerId));
  const skipped = [...new Set(candidates.map((candidate) => candidate.providerId))].filter((id) =>
    unusable.has(id),
  );
  trace.addWarnings(
    skipped.map((providerId) => ({ code: 'provider-unusable', message: unusable.get(providerId)! })),
  );
  if (usable.length === 0)
    throw new ProtocolError('api_error', 503, unusable.get(candidates[0]!.providerId)!);
  return usable;
}

/** What a codec is told about the provider it talks to. */
export function targetContextOf(candidate: UpstreamCandidate): TargetContext {
  return {
    providerId: candidate.providerId,
    baseUrl: candidate.provider.base_url,
    model: candidate.model,
    ...(candidate.provider.think_tag ? { thinkTag: candidate.provider.think_tag } : {}),
    ...(candidate.provider.system_messages ? { systemMessages: candidate.provider.system_messages } : {}),
  };
}

export function upstreamUrlOf(candidate: UpstreamCandidate, stream: boolean): string {
  return resolveUpstreamUrl({
    provider: candidate.provider,
    format: candidate.provider.format,
    model: candidate.model,
    stream,
  });
}

/**
 * A canonical request as the candidate's protocol writes it. Moving to another
 * provider drops the thinking signatures the first one made; every warning
 * lands on the trace.
 */
export function encodeCanonicalBody(input: {
  request: CanonicalRequest;
  candidate: UpstreamCandidate;
  sameProvider: boolean;
  trace: TraceDraft;
}): string {
  const { candidate, trace } = input;
  let source = input.request;
  if (!input.sameProvider) {
    const stripped = stripProviderSignatures(source);
    source = stripped.value;
    trace.addWarnings(stripped.warnings);
  }
  const encoded = codecFor(protocolForFormat(candidate.provider.format)).encodeRequest({
    request: source,
    target: targetContextOf(candidate),
  });
  trace.addWarnings(encoded.warnings);
  return JSON.stringify(encoded.value);
}
