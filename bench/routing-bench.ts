/**
 * Routing benchmark: a ~300 KB Claude Code request (a real capture grown with
 * Read tool turns over real source text, by bench/build-claude-code-request.js), routed through routeRequest: route
 * key → route → scene (with exact token counting near the threshold) →
 * provider/model → decision record. Prints microseconds.
 *
 * Run with `npm run bench:micro` (or `node bench/run-ts.mjs bench/routing-bench.ts`).
 */
import { configSchema } from '../main/core/config/schema';
import { anthropicCodec } from '../main/core/protocols/anthropic';
import type { CanonicalRequest } from '../main/core/protocols/canonical/types';
import {
  countRequestTokens,
  createTokenCounter,
  estimateRequestTokens,
  type TokenCounter,
} from '../main/core/routing/create-token-counter';
import { routeRequest } from '../main/core/routing/route-request';
// The same grown request the proxy bench sends (plain JS, shared by both benches).
import { buildClaudeCodeRequest, readTurn } from './build-claude-code-request.js';

const ROUTE_KEY = 'ais-bench-route-key-0001';
const HEADERS = { 'x-api-key': ROUTE_KEY, 'x-claude-code-session-id': 'bench-session' };

const config = configSchema.parse({
  providers: {
    deepseek: { base_url: 'https://api.deepseek.com' },
    kimi: { base_url: 'https://api.moonshot.ai/v1' },
  },
  routes: {
    [ROUTE_KEY]: {
      provider: 'deepseek',
      long_context_threshold: 60_000,
      scene_map: {
        think: 'deepseek-reasoner',
        longContext: 'kimi|kimi-k2-0905-preview',
        background: 'deepseek-chat',
      },
      default_model: 'deepseek-chat',
    },
  },
});

function route(request: CanonicalRequest, counter: TokenCounter, threshold?: number) {
  const routeConfig = config.routes[ROUTE_KEY];
  if (routeConfig === undefined) throw new Error('route missing');
  const routes = { [ROUTE_KEY]: { ...routeConfig, long_context_threshold: threshold } };
  const result = routeRequest({
    config: { ...config, routes },
    protocol: 'anthropic',
    headers: HEADERS,
    request,
    counter,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.decision;
}

function microseconds(run: () => void, iterations: number): { median: number; min: number } {
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    run();
    samples.push((performance.now() - start) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? 0, min: samples[0] ?? 0 };
}

const format = (value: number) => `${Math.round(value).toLocaleString('en-US')} µs`;

const grown = buildClaudeCodeRequest();
const body = JSON.parse(grown.body) as Record<string, unknown>;
const { turns } = grown;
const bodyBytes = Buffer.byteLength(JSON.stringify(body));
const decodeStart = performance.now();
const request = anthropicCodec.decodeRequest({ body }).value;
const decodeMicros = (performance.now() - decodeStart) * 1000;

const firstCounter = createTokenCounter();
const firstStart = performance.now();
const firstDecision = route(request, firstCounter, 60_000);
const firstMicros = (performance.now() - firstStart) * 1000;

const exact = countRequestTokens(request);
const estimate = estimateRequestTokens(request);

const cold = microseconds(() => route(request, createTokenCounter(), 60_000), 9);
const warmCounter = createTokenCounter();
route(request, warmCounter, 60_000);
const warm = microseconds(() => route(request, warmCounter, 60_000), 50);

// Each iteration is the next turn of the session: one new 12 KB Read result on top of the memoised transcript.
let nextTurn = turns + 1_000;
function nextTurns(count: number): CanonicalRequest[] {
  return Array.from({ length: count }, () => {
    const messages = [...(body.messages as unknown[]), ...readTurn(nextTurn++)];
    return anthropicCodec.decodeRequest({ body: { ...body, messages } }).value;
  });
}
function timeNextTurns(threshold: number) {
  const counter = createTokenCounter();
  route(request, counter, threshold);
  const requests = nextTurns(20);
  let index = 0;
  return microseconds(() => route(requests[index++] ?? request, counter, threshold), requests.length);
}
// Over the threshold already: the cached transcript alone decides, the new message is only bounded.
const next = timeNextTurns(60_000);
// Just under the threshold: the new message must be tokenized (and only it).
const nearThreshold = exact + 2_000;
const nextNear = timeNextTurns(nearThreshold);
const estimateOnly = microseconds(() => route(request, createTokenCounter(), 20_000), 50);
const noThreshold = microseconds(() => route(request, createTokenCounter(), undefined), 50);

console.log(
  `Claude Code request: ${(bodyBytes / 1024).toFixed(0)} KB JSON, ${request.messages.length} messages, ${request.tools.length} tools`,
);
console.log(
  `o200k tokens: ${exact.toLocaleString('en-US')} exact; estimate ${estimate.estimate.toLocaleString('en-US')} (bounds ${estimate.lower.toLocaleString('en-US')}–${estimate.upper.toLocaleString('en-US')})`,
);
console.log(
  `decision: scene=${firstDecision.scene} rule=${firstDecision.rule} → ${firstDecision.providerId}/${firstDecision.model}, tokens exact=${String(firstDecision.tokens?.exact)}`,
);
console.log(`(anthropic decode, for scale: ${format(decodeMicros)})`);
console.log(
  `route, threshold 60k, first in the process (JIT, tokenizer merge cache cold): ${format(firstMicros)}`,
);
console.log(
  `route, threshold 60k, cold memo (fresh counter):        median ${format(cold.median)}  min ${format(cold.min)}`,
);
console.log(
  `route, threshold 60k, warm memo (same request again):   median ${format(warm.median)}  min ${format(warm.min)}`,
);
console.log(
  `route, threshold 60k, next turn (+1 new 12 KB message): median ${format(next.median)}  min ${format(next.min)}`,
);
console.log(
  `route, threshold ${nearThreshold.toLocaleString('en-US')}, next turn, new message counted: median ${format(nextNear.median)}  min ${format(nextNear.min)}`,
);
console.log(
  `route, threshold 20k, estimate decides (no tokenizer):  median ${format(estimateOnly.median)}  min ${format(estimateOnly.min)}`,
);
console.log(
  `route, no threshold (no counting at all):              median ${format(noThreshold.median)}  min ${format(noThreshold.min)}`,
);
