import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { AppConfig } from '../config/schema';
import type {
  CanonicalRequest,
  CanonicalResponse,
  StreamDecoder,
  StreamEncoder,
  StreamEvent,
} from '../protocols/canonical';
import { ProtocolError } from '../protocols/canonical';
import type { RoutedRequest } from '../routing';
import type { BudgetLedger, ResponseCacheTable, SemanticCacheTable } from '../store';
import { CLIENT_CLOSED_STATUS, type UpstreamClient } from '../upstream';
import type { ProxyEndpoint } from '../proxy/match-endpoint';
import { collectStreamResponse } from './collect-stream-response';
import { createResponseCache, type CacheableAnswer, type RawAnswer } from './create-response-cache';
import { createSemanticCache, type SemanticCandidate, type SemanticLookup } from './create-semantic-cache';
import type { SemanticEvaluationReport } from './evaluate-semantic-cache';
import { replayCachedResponse } from './replay-cached-response';
import type { PriceLookup } from '../trace/compute-cost';
import type { TraceDraft } from '../trace/trace-draft';
import type { ProxyExchange } from '../proxy/proxy-exchange';
import { createBudgetKeeper, type BudgetReservation } from './create-budget-keeper';
import { createRateLimits, type RateLimits } from './create-rate-limits';
import { createLockout, type Lockout } from './create-lockout';
import type { CallOutput } from '../contract';
import type { TraceRecord } from '../trace/types';
import { compileInterceptRules, type InterceptMatch, type InterceptRules } from './compile-intercept-rules';
import { createToolCallGate, gateResponse, type ToolCallJudge } from './create-tool-call-gate';
import { extractToolCallSubject } from './extract-tool-command';
import { interceptPassthroughStream } from './intercept-passthrough-stream';
import { latestUserText } from './latest-user-text';

/**
 * The guardrails around one proxied request, as the pipeline sees them: one
 * `admit` before anything is sent, and what it returns for the rest.
 */
export interface Governance {
  /** Throws a ProtocolError (answered in the client's protocol) when a guardrail refuses the request. */
  admit(input: AdmitInput): Promise<Admission>;
  /** Failed authentications per address (`guardrails.lockout`). */
  readonly lockout: Lockout;
  /** What the guardrails hold right now (the `guardrailsStatus` call). */
  status(): CallOutput<'guardrailsStatus'>;
  /** Runs the labelled pairs through the configured embedding model and records the outcome (`ais cache evaluate`). */
  evaluateSemanticCache(): Promise<SemanticEvaluationReport>;
  /**
   * A provider's concurrency slots (`rate_limits` with `provider:`) for a call that is not admitted as a
   * request (an Anthropic `count_tokens` asked of the provider): waits in line as configured; the returned
   * function gives them back.
   */
  takeProviderSlots(
    input: Pick<AdmitInput, 'config' | 'exchange' | 'trace'> & { providerId: string },
  ): Promise<() => void>;
}

export interface AdmitInput {
  config: AppConfig;
  request: CanonicalRequest;
  /** Where the router sent it; the route key (budgets are per key) is never logged. */
  routed: Extract<RoutedRequest, { ok: true }>;
  /** The client's exchange: its headers (`Idempotency-Key`) and its going away (stops a wait in line). */
  exchange: ProxyExchange;
  /** The client's protocol and framing (a cache hit is answered in it). */
  endpoint: ProxyEndpoint;
  trace: TraceDraft;
  /** False: neither answered from the response cache nor stored in it (compactions). Default true. */
  cacheable?: boolean;
}

export interface Admission {
  /** The request was answered already (from the cache): record the trace and stop. */
  readonly answered: boolean;
  /** The relay's decoder and encoder with tool-call interception; the same ones when nothing is watched. */
  interceptStream(input: {
    decoder: StreamDecoder;
    /** undefined = passthrough. */
    encoder: StreamEncoder | undefined;
    /** A stream encoder of the client's protocol. */
    clientEncoder: () => StreamEncoder;
  }): { decoder: StreamDecoder; encoder: StreamEncoder | undefined };
  /** A non-streaming answer with refused tool calls replaced; undefined when nothing changed. */
  interceptResponse(response: CanonicalResponse, raw?: RawAnswer): CanonicalResponse | undefined;
  /**
   * Before the first attempt on a candidate: its provider's rate limits (`rate_limits` with
   * `provider:`) are taken, waiting in line as configured, and those of the provider tried before
   * (whose attempts are over) given back. Throws the limit's 429 (a ProtocolError) when the line
   * is full or the wait runs out: the pipeline then moves on to the next candidate. Undefined when
   * there was nothing to wait for (the same provider, or room at once).
   */
  enterProvider(providerId: string): Promise<void> | undefined;
  /** The request is over (answered, failed or cut): its trace as recorded. */
  settle(record: TraceRecord): void;
}

export interface GovernanceOptions {
  logger: Logger;
  /** The engine's metrics registry. */
  registry: Registry;
  /** The store's budget tables. */
  ledger: () => BudgetLedger;
  /** Prices in force (config overrides over the built-in table). */
  prices: () => PriceLookup;
  /** The config in force (for what is not per request: lockout, status). */
  config: () => AppConfig;
  /** The store's disk layer of the response cache. */
  cacheTable: () => ResponseCacheTable;
  /** The store's semantic cache vectors and evaluations. */
  semanticTable: () => SemanticCacheTable;
  /** The upstream client in force (the semantic cache's embedding calls go through it). */
  upstream: () => UpstreamClient;
}

export function createGovernance(options: GovernanceOptions): Governance {
  const { logger } = options;
  const registers = [options.registry];
  const intercepts = new Counter({
    name: 'ais_intercept_total',
    help: 'Guardrail interception rule matches, by rule, action and target.',
    labelNames: ['rule', 'action', 'target'] as const,
    registers,
  });

  const budgets = createBudgetKeeper({
    ledger: options.ledger,
    prices: options.prices,
    logger,
    registry: options.registry,
  });

  const rateLimits = createRateLimits({ logger, registry: options.registry });
  const responseCache = createResponseCache({
    table: options.cacheTable,
    logger,
    registry: options.registry,
  });
  const semanticCache = createSemanticCache({
    responseCache,
    table: options.semanticTable,
    upstream: options.upstream,
    logger,
    registry: options.registry,
  });
  const lockout = createLockout({
    settings: () => options.config().guardrails.lockout,
    logger,
    registry: options.registry,
  });

  let compiled: { config: AppConfig; rules: InterceptRules } | undefined;
  const rulesOf = (config: AppConfig): InterceptRules => {
    if (compiled?.config !== config) compiled = { config, rules: compileInterceptRules(config.guardrails) };
    return compiled.rules;
  };

  /** Counts, logs and flags matches on the trace; returns the block, if any. */
  const report = (
    trace: TraceDraft,
    target: string,
    matches: InterceptMatch[],
    subject: string,
  ): InterceptMatch | undefined => {
    for (const match of matches) {
      intercepts.inc({ rule: match.rule, action: match.action, target });
      logger[match.action === 'log' ? 'info' : 'warn'](
        { traceId: trace.id, rule: match.rule, action: match.action, target },
        `guardrail ${match.action}: ${target} matched "${match.rule}"`,
      );
    }
    if (matches.length > 0) {
      trace.addWarnings(
        matches.map((match) => ({
          code: `guardrail-${match.action === 'block' ? 'blocked' : match.action === 'warn' ? 'warned' : 'logged'}`,
          message: `${target} matched the guardrail rule "${match.rule}": ${truncate(subject)}`,
        })),
      );
    }
    return matches.find((match) => match.action === 'block');
  };

  return {
    lockout,
    status() {
      const config = options.config();
      return {
        budgets: budgets.status(config),
        rateLimits: rateLimits.snapshot(),
        interceptRules: rulesOf(config).count,
        lockout: {
          enabled: config.guardrails.lockout !== undefined,
          blockedAddresses: lockout.blockedCount(),
        },
        cache: { mode: config.guardrails.cache.mode, semantic: semanticCache.status(config) },
      };
    },
    evaluateSemanticCache: () => semanticCache.evaluate(options.config()),
    takeProviderSlots: async (input) => takeSlots(rateLimits, input),
    async admit({ config, request, routed, exchange, endpoint, trace, cacheable = true }) {
      const rules = rulesOf(config);
      if (rules.watchesUserMessage) {
        const text = latestUserText(request);
        if (text !== undefined) {
          const block = report(trace, 'user_message', rules.evaluate({ target: 'user_message', text }), text);
          if (block)
            throw new ProtocolError('permission', 403, `blocked by AI Switch guardrails: ${block.message}`);
        }
      }
      const cacheSettings = config.guardrails.cache;
      const cacheKey = !cacheable
        ? undefined
        : responseCache.keyOf({
            settings: cacheSettings,
            request,
            routeKey: routed.routeKey,
            providerId: routed.decision.providerId,
            model: routed.decision.model,
            headers: exchange.headers,
          });
      // A hit is answered here: no line to wait in, nothing reserved, nothing sent.
      const hit = cacheKey === undefined ? undefined : responseCache.lookup(cacheKey, cacheSettings);
      if (hit) {
        replayCachedResponse({ exchange, endpoint, request, hit, trace });
        return ANSWERED;
      }
      // Opted-in requests get a second chance by meaning; the vector is kept for storing the answer.
      let semantic: { candidate: SemanticCandidate; embedding: SemanticLookup['embedding'] } | undefined;
      const candidate =
        cacheKey === undefined
          ? undefined
          : semanticCache.candidateOf({
              config,
              request,
              routeKey: routed.routeKey,
              providerId: routed.decision.providerId,
              model: routed.decision.model,
              headers: exchange.headers,
            });
      if (candidate) {
        const found = await semanticCache.lookup(candidate, cacheSettings);
        // Gone while the embedding was asked for: nothing to replay to, and nothing to pay a provider for.
        if (exchange.res.destroyed)
          throw new ProtocolError(
            'api_error',
            CLIENT_CLOSED_STATUS,
            'The client closed the request while its semantic cache lookup ran',
          );
        if (found.hit) {
          replayCachedResponse({ exchange, endpoint, request, hit: found.hit, trace });
          return ANSWERED;
        }
        semantic = { candidate, embedding: found.embedding };
      }
      const routeSlots = takeSlots(rateLimits, { config, exchange, trace, routeKey: routed.routeKey });
      const releaseRouteSlots = typeof routeSlots === 'function' ? routeSlots : await routeSlots;
      // The provider's slots are held apart: a failover to another provider trades them for its own.
      const provider = { id: routed.decision.providerId, release: (): void => undefined };
      let settled = false;
      const releaseSlots = (): void => {
        settled = true;
        releaseRouteSlots();
        provider.release();
      };
      let reservation: BudgetReservation | undefined;
      try {
        const providerSlots = takeSlots(rateLimits, { config, exchange, trace, providerId: provider.id });
        provider.release = typeof providerSlots === 'function' ? providerSlots : await providerSlots;
        reservation = budgets.reserve({
          config,
          routeKey: routed.routeKey,
          request,
          providerId: routed.decision.providerId,
          upstreamModel: routed.decision.model,
          idempotencyKey: idempotencyKeyOf(exchange.headers),
          trace,
        });
      } catch (error) {
        releaseSlots();
        throw error;
      }
      let blockedAny = false;
      const judge: ToolCallJudge = (toolName, argumentsText) => {
        const subject = extractToolCallSubject(argumentsText);
        const block = report(
          trace,
          'tool_call',
          rules.evaluate({ target: 'tool_call', toolName, ...subject }),
          `${toolName}: ${subject.text}`,
        );
        if (block) blockedAny = true;
        return block ? refusalText(toolName, subject.text, block) : undefined;
      };
      // What the provider answered, kept for the cache (before any refusal replaced a tool call).
      let answer: (() => CacheableAnswer | undefined) | undefined;
      const watches = (toolName: string): boolean => rules.watchesTool(toolName);
      const anyWatchedTool = rules.count > 0 && request.tools.some((tool) => watches(tool.name));
      return {
        answered: false,
        enterProvider(providerId) {
          if (providerId === provider.id || settled) return undefined;
          provider.release();
          provider.id = providerId;
          provider.release = () => undefined;
          const slots = takeSlots(rateLimits, { config, exchange, trace, providerId });
          if (typeof slots === 'function') {
            provider.release = slots;
            return undefined;
          }
          return slots.then((release) => {
            // The request may have ended while this one waited: nothing is left to hold the slot for.
            if (settled || provider.id !== providerId) release();
            else provider.release = release;
          });
        },
        interceptStream({ decoder: upstreamDecoder, encoder, clientEncoder }) {
          let decoder = upstreamDecoder;
          if (cacheKey !== undefined) {
            const collector = collectStreamResponse();
            decoder = tapDecoder(upstreamDecoder, (event) => collector.push(event));
            answer = () => {
              const response = collector.result();
              return response && { response };
            };
          }
          if (!anyWatchedTool) return { decoder, encoder };
          const gate = createToolCallGate({ watches, judge });
          if (encoder) return { decoder, encoder: gateEncoder(encoder, gate) };
          return interceptPassthroughStream({ decoder, shadow: clientEncoder(), gate });
        },
        interceptResponse(response, raw) {
          if (cacheKey !== undefined) answer = () => ({ response, ...(raw ? { raw } : {}) });
          return anyWatchedTool ? gateResponse(response, { watches, judge }) : undefined;
        },
        settle(record) {
          releaseSlots();
          reservation?.settle(record);
          const cacheable = answer?.();
          if (cacheKey !== undefined && cacheable && record.status === 200 && !record.error && !blockedAny) {
            responseCache.store(cacheKey, cacheable, cacheSettings);
            if (semantic)
              semanticCache.store(semantic.candidate, semantic.embedding, cacheKey, cacheSettings);
          }
        },
      };
    },
  };
}

/**
 * A slot in every covering rate limit (a route's or a provider's): the release at once when all
 * have room, else the wait for it, which ends early when the client goes away.
 */
function takeSlots(
  rateLimits: RateLimits,
  input: Pick<AdmitInput, 'config' | 'exchange' | 'trace'> & { routeKey?: string; providerId?: string },
): (() => void) | Promise<() => void> {
  // Most configs have no rate limits, and most requests find room at once: no listener, no controller, no await.
  if (input.config.guardrails.rate_limits.length === 0) return NO_SLOTS;
  const scope = {
    ...(input.routeKey !== undefined && { routeKey: input.routeKey }),
    ...(input.providerId !== undefined && { providerId: input.providerId }),
  };
  return rateLimits.tryAcquire({ config: input.config, ...scope }) ?? waitForSlots(rateLimits, input, scope);
}

const NO_SLOTS = (): void => undefined;

async function waitForSlots(
  rateLimits: RateLimits,
  input: Pick<AdmitInput, 'config' | 'exchange' | 'trace'>,
  scope: { routeKey?: string; providerId?: string },
): Promise<() => void> {
  const { res } = input.exchange;
  const gone = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) gone.abort(new Error('the client went away while waiting in line'));
  };
  res.once('close', onClose);
  try {
    return await rateLimits.acquire({
      config: input.config,
      ...scope,
      trace: input.trace,
      signal: gone.signal,
    });
  } finally {
    res.off('close', onClose);
  }
}

/** `Idempotency-Key` (Stripe's and the IETF draft's name), or the `X-` form some clients send. */
function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['idempotency-key'] ?? headers['x-idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  return key && key.length <= 256 ? key : undefined;
}

/** What the agent reads instead of running the command. */
function refusalText(toolName: string, command: string, block: InterceptMatch): string {
  return (
    `[AI Switch guardrails] The ${toolName} call \`${truncate(command)}\` was blocked and did not run: ` +
    `${block.message} (rule "${block.rule}"). Do not retry it; choose a safer approach or ask the user.`
  );
}

/** An admission for a request already answered: nothing to intercept or settle. */
const ANSWERED: Admission = {
  answered: true,
  enterProvider: () => undefined,
  interceptStream: ({ decoder, encoder }) => ({ decoder, encoder }),
  interceptResponse: () => undefined,
  settle: () => undefined,
};

/** The decoder as it was, with every event it yields shown to `observe` too. */
function tapDecoder(decoder: StreamDecoder, observe: (event: StreamEvent) => void): StreamDecoder {
  const pass = (events: StreamEvent[]): StreamEvent[] => {
    for (const event of events) observe(event);
    return events;
  };
  return {
    push: (message) => pass(decoder.push(message)),
    end: () => pass(decoder.end()),
    get warnings() {
      return decoder.warnings;
    },
  };
}

function gateEncoder(encoder: StreamEncoder, gate: ReturnType<typeof createToolCallGate>): StreamEncoder {
  return {
    push: (event) =>
      gate
        .push(event)
        .map((out) => encoder.push(out))
        .join(''),
    end: () => encoder.end(),
    get warnings() {
      return encoder.warnings;
    },
  };
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
