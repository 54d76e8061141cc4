import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RateLimitConfig } from '../config/guardrails-schema';
import type { AppConfig } from '../config/schema';
import { ProtocolError } from '../protocols/canonical';
import type { TraceDraft } from '../trace/trace-draft';
import {
  createRateLimiter,
  RateLimitRefusal,
  type RateLimiter,
  type RateLimitSettings,
} from './create-rate-limiter';

export interface RateLimits {
  /**
   * Takes a slot in every limit covering the request when all have room now
   * (no one waiting, none full): the release of all. Undefined when the
   * request would have to wait, with nothing taken: `acquire` waits. The
   * limits covering it are its route key's and `*` when `routeKey` is given,
   * its provider's when `providerId` is (a failover takes the next provider's
   * apart).
   */
  tryAcquire(input: { config: AppConfig; routeKey?: string; providerId?: string }): (() => void) | undefined;
  /**
   * Takes a slot in every limit covering the request (as `tryAcquire` picks
   * them), waiting in line as configured; throws the protocol's 429 when the
   * line is full or the wait runs out. Resolves with the release of all.
   */
  acquire(input: {
    config: AppConfig;
    routeKey?: string;
    providerId?: string;
    trace: TraceDraft;
    signal?: AbortSignal;
  }): Promise<() => void>;
  /** Each limit used since start: slots held and requests waiting. */
  snapshot(): { label: string; running: number; waiting: number }[];
}

const WAIT_BUCKETS = [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createRateLimits(options: { logger: Logger; registry: Registry }): RateLimits {
  const registers = [options.registry];
  // Limits are named by the config (a bounded set), never by a client value.
  const limiters = new Map<string, { limiter: RateLimiter; label: string }>();
  const refusals = new Counter({
    name: 'ais_ratelimit_refusals_total',
    help: 'Requests refused by a guardrail rate limit, by limit and reason (queue-full, waited-too-long).',
    labelNames: ['limit', 'reason'] as const,
    registers,
  });
  const waits = new Histogram({
    name: 'ais_ratelimit_wait_seconds',
    help: 'Time requests waited in line for a guardrail rate limit (only those that waited).',
    labelNames: ['limit'] as const,
    buckets: WAIT_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'ais_ratelimit_queue_depth',
    help: 'Requests waiting in line for a guardrail rate limit, by limit.',
    labelNames: ['limit'] as const,
    registers,
    collect() {
      this.reset();
      for (const { limiter, label } of limiters.values()) this.set({ limit: label }, limiter.waiting);
    },
  });
  new Gauge({
    name: 'ais_ratelimit_running',
    help: 'Requests holding a guardrail rate-limit slot, by limit.',
    labelNames: ['limit'] as const,
    registers,
    collect() {
      this.reset();
      for (const { limiter, label } of limiters.values()) this.set({ limit: label }, limiter.running);
    },
  });

  const limiterFor = (id: string, label: string): RateLimiter => {
    let entry = limiters.get(id);
    if (!entry) {
      entry = { limiter: createRateLimiter(), label };
      limiters.set(id, entry);
    }
    entry.label = label;
    return entry.limiter;
  };

  /** The limits covering a route key and provider, per config (hashing and labels once, not per request). */
  let compiled: { config: AppConfig; covering: Map<string, CoveringLimit[]> } | undefined;
  const coveringLimits = (
    config: AppConfig,
    routeKey: string | undefined,
    providerId: string | undefined,
  ): CoveringLimit[] => {
    if (compiled?.config !== config) compiled = { config, covering: new Map() };
    // \u0001 stands for "not asked for", which no route key or provider id is.
    const id = `${providerId ?? '\u0001'}\u0000${routeKey ?? '\u0001'}`;
    let covering = compiled.covering.get(id);
    if (!covering) {
      covering = config.guardrails.rate_limits.flatMap((limit, index) =>
        (
          limit.provider !== undefined
            ? limit.provider === providerId
            : routeKey !== undefined && (limit.route === '*' || limit.route === routeKey)
        )
          ? [
              {
                limit,
                label: labelOf(limit, config),
                limiter: limiterFor(`${scopeOf(limit)}|${index}`, labelOf(limit, config)),
                settings: {
                  ...(limit.rpm !== undefined ? { rpm: limit.rpm } : {}),
                  ...(limit.concurrent !== undefined ? { concurrent: limit.concurrent } : {}),
                  queueMs: limit.queue_s * 1000,
                  queueMax: limit.queue_max,
                },
              },
            ]
          : [],
      );
      // Route keys are whatever clients send: a flood of unknown ones must not grow this without end.
      if (compiled.covering.size >= 1000) compiled.covering.clear();
      compiled.covering.set(id, covering);
    }
    return covering;
  };

  return {
    tryAcquire({ config, routeKey, providerId }) {
      const covering = coveringLimits(config, routeKey, providerId);
      if (covering.length === 0) return () => undefined;
      // All or none: a slot (and a token of the rate) taken in one limit while another makes the request wait would be spent twice.
      if (!covering.every(({ limiter, settings }) => limiter.hasRoom(settings))) return undefined;
      const releases = covering.map(({ limiter, settings }) => limiter.tryAcquire(settings)!);
      if (releases.length === 1) return releases[0];
      return () => {
        for (const release of releases) release();
      };
    },
    snapshot: () =>
      [...limiters.values()].map(({ limiter, label }) => ({
        label,
        running: limiter.running,
        waiting: limiter.waiting,
      })),
    async acquire({ config, routeKey, providerId, trace, signal }) {
      const covering = coveringLimits(config, routeKey, providerId);
      if (covering.length === 0) return () => undefined;
      const releases: (() => void)[] = [];
      const releaseAll = (): void => {
        for (const release of releases.splice(0)) release();
      };
      try {
        for (const { limit, label, limiter, settings } of covering) {
          const started = Date.now();
          try {
            releases.push(await limiter.acquire(settings, signal));
          } catch (error) {
            if (!(error instanceof RateLimitRefusal)) throw error;
            refusals.inc({ limit: label, reason: error.reason });
            const message =
              `AI Switch rate limit "${label}" (${describe(limit)}) has no room: ${error.message}; ` +
              `retry in about ${error.retryAfter} s`;
            options.logger.warn({ traceId: trace.id, limit: label, reason: error.reason }, message);
            const refusal = new ProtocolError('rate_limit', 429, message);
            refusal.error.retryAfter = error.retryAfter;
            throw refusal;
          }
          const waitedMs = Date.now() - started;
          if (waitedMs >= 1) {
            waits.observe({ limit: label }, waitedMs / 1000);
            trace.addWarnings([
              {
                code: 'rate-limit-waited',
                message: `waited ${waitedMs} ms in line for the rate limit "${label}" (${describe(limit)})`,
              },
            ]);
          }
        }
      } catch (error) {
        releaseAll();
        throw error;
      }
      return releaseAll;
    },
  };
}

interface CoveringLimit {
  limit: RateLimitConfig;
  label: string;
  limiter: RateLimiter;
  settings: RateLimitSettings;
}

function scopeOf(limit: RateLimitConfig): string {
  if (limit.provider !== undefined) return `provider:${limit.provider}`;
  if (limit.route === '*') return '*';
  return `route:${createHash('sha256')
    .update(limit.route ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

function labelOf(limit: RateLimitConfig, config: AppConfig): string {
  if (limit.name) return limit.name;
  if (limit.provider !== undefined) return `provider ${limit.provider}`;
  if (limit.route === '*') return 'all routes';
  return `route ${config.routes[limit.route ?? '']?.label ?? '(unlabelled)'}`;
}

function describe(limit: RateLimitConfig): string {
  return [
    limit.rpm !== undefined ? `${limit.rpm}/min` : undefined,
    limit.concurrent !== undefined ? `${limit.concurrent} at once` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}
