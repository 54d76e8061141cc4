import type { AppConfig, Scene } from '../config/schema';
import type { CanonicalRequest, ContentPart, ProtocolName, Warning } from '../protocols/canonical/types';
import type { TokenCounter } from './create-token-counter';
import { routeRequest } from './route-request';
import type { ModelTarget } from './parse-model-ref';
import type { TargetRule } from './resolve-target';
import type { RouteMatch } from './resolve-route';

/** A request described by its traits, for "try it" boxes that have no real request at hand. */
export interface RequestSample {
  model: string;
  thinking?: boolean;
  tools?: boolean;
  image?: boolean;
  /** How many input tokens the request carries (only a route's long-context threshold reads it). */
  tokens?: number;
}

export type RouteExplanation =
  | {
      ok: true;
      route: string;
      matchedBy: RouteMatch;
      requestedModel: string;
      scene: Scene;
      sceneReason: string;
      rule: TargetRule;
      providerId: string;
      model: string;
      fallback: ModelTarget[];
      tokens?: { count: number; exact: boolean; threshold: number };
      warnings: Warning[];
      /** The decision in one sentence. */
      summary: string;
    }
  | { ok: false; status: number; message: string };

/**
 * The decision the proxy would make for this request on this route key,
 * without sending anything: the same `routeRequest` the pipeline runs.
 */
export function explainRoute(input: {
  config: AppConfig;
  protocol: ProtocolName;
  routeKey?: string;
  request: CanonicalRequest;
  counter?: TokenCounter;
  configPath?: string;
}): RouteExplanation {
  const routed = routeRequest({
    config: input.config,
    protocol: input.protocol,
    headers: input.routeKey ? { authorization: `Bearer ${input.routeKey}` } : {},
    request: input.request,
    ...(input.counter ? { counter: input.counter } : {}),
    ...(input.configPath ? { configPath: input.configPath } : {}),
  });
  if (!routed.ok) return { ok: false, status: routed.error.status, message: routed.error.message };
  const { decision } = routed;
  const sceneReason = describeScene(decision.scene, decision.tokens);
  const fallback = decision.fallbacks.map(({ providerId, model }) => ({ providerId, model }));
  return {
    ok: true,
    route: decision.route,
    matchedBy: decision.matchedBy,
    requestedModel: decision.requestedModel,
    scene: decision.scene,
    sceneReason,
    rule: decision.rule,
    providerId: decision.providerId,
    model: decision.model,
    fallback,
    ...(decision.tokens
      ? {
          tokens: {
            count: decision.tokens.count,
            exact: decision.tokens.exact,
            threshold: decision.tokens.threshold,
          },
        }
      : {}),
    warnings: decision.warnings,
    summary:
      `scene ${decision.scene} because ${sceneReason} → rule ${decision.rule} → ${decision.model} on ${decision.providerId}` +
      (fallback.length > 0
        ? `; then ${fallback.map((target) => `${target.model} on ${target.providerId}`).join(', then ')}`
        : ''),
  };
}

/** Why a scene was chosen, in words (the detection's order: longContext > background > websearch > think > image). */
export function describeScene(scene: Scene, tokens?: { count: number; threshold: number }): string {
  switch (scene) {
    case 'longContext':
      return `the request has ${tokens?.count ?? 'more'} tokens, over the route's long_context_threshold ${tokens?.threshold ?? ''}`.trim();
    case 'background':
      return 'the model name contains "haiku" (a client side task)';
    case 'websearch':
      return 'the request carries a built-in web search tool';
    case 'think':
      return 'thinking (reasoning) was requested';
    case 'image':
      return 'the latest user turn has an image';
    case 'default':
      return 'nothing special was asked for';
  }
}

/** A canonical request with the traits of a sample, as a decoder would produce it. */
export function requestFromSample(sample: RequestSample): CanonicalRequest {
  const content: ContentPart[] = [{ type: 'text', text: 'Explain this.' }];
  if (sample.image)
    content.push({ type: 'image', source: { kind: 'url', url: 'https://example.invalid/sample.png' } });
  return {
    model: sample.model,
    system: [],
    messages: [{ role: 'user', content }],
    tools: sample.tools
      ? [
          {
            type: 'function',
            name: 'run_command',
            description: 'Runs a shell command',
            inputSchema: { type: 'object', properties: { command: { type: 'string' } } },
          },
        ]
      : [],
    ...(sample.thinking ? { reasoning: { enabled: true, budgetTokens: 8000 } } : {}),
    stream: true,
  };
}

/** A counter that knows the answer already (a sample's stated token count). */
export function fixedTokenCounter(count: number): TokenCounter {
  return {
    count: () => count,
    measure: () => ({ count, exact: true }),
    stats: () => ({ hits: 0, misses: 0, entries: 0 }),
    clear: () => undefined,
  };
}
