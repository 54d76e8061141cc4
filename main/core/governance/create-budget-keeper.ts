import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { BudgetConfig } from '../config/guardrails-schema';
import { BUDGET_LIMITS } from '../config/guardrails-schema';
import type { AppConfig } from '../config/schema';
import { outputTokenCap } from '../proxy/cap-output-tokens';
import { ProtocolError, type CanonicalRequest } from '../protocols/canonical';
import { estimateRequestTokens } from '../routing';
import type { BudgetAmounts, BudgetLedger, BudgetWindowKey } from '../store';
import type { PriceLookup } from '../trace/compute-cost';
import type { TraceDraft } from '../trace/trace-draft';
import type { TraceRecord } from '../trace/types';
import { budgetWindowOf } from './budget-windows';

/** Output tokens assumed for the worst case when neither the request nor the provider caps them. */
const ASSUMED_OUTPUT_TOKENS = 8192;
/** How long a charged request's idempotency key is remembered (a retry within it is not charged again). */
const IDEMPOTENCY_MEMORY_MS = 24 * 3_600_000;

export interface BudgetKeeper {
  /**
   * Reserves the request's worst case (input estimated from its size, output at
   * its cap, priced) in every budget that covers it. Throws the protocol's
   * rate-limit error when one is spent. Undefined when no budget applies.
   */
  reserve(input: {
    config: AppConfig;
    routeKey: string;
    request: CanonicalRequest;
    providerId: string;
    upstreamModel: string;
    idempotencyKey?: string;
    trace: TraceDraft;
  }): BudgetReservation | undefined;
  /** Every configured budget's current window (route budgets need no key: their scope is stored hashed). */
  status(config: AppConfig): BudgetStatus[];
}

export interface BudgetStatus {
  label: string;
  window: BudgetConfig['window'];
  windowStart: number;
  topUp: boolean;
  resetsAt?: number;
  limits: Record<string, number>;
  used: BudgetAmounts;
  warnAt: number;
}

export interface BudgetReservation {
  /** Charges what the request really used (or releases it, when it failed having used nothing). */
  settle(record: TraceRecord): void;
}

interface CoveringBudget {
  budget: BudgetConfig;
  label: string;
  key: BudgetWindowKey;
  windowEnd: number;
}

export function createBudgetKeeper(options: {
  ledger: () => BudgetLedger;
  prices: () => PriceLookup;
  logger: Logger;
  registry: Registry;
}): BudgetKeeper {
  const registers = [options.registry];
  const refusals = new Counter({
    name: 'ais_budget_refusals_total',
    help: 'Requests refused because a guardrail budget was spent, by budget.',
    labelNames: ['budget'] as const,
    registers,
  });
  const warnings = new Counter({
    name: 'ais_budget_warnings_total',
    help: 'Requests admitted past a budget’s warn_at share, by budget.',
    labelNames: ['budget'] as const,
    registers,
  });
  const charged = new Counter({
    name: 'ais_budget_charged_usd_total',
    help: 'Cost in USD charged to guardrail budgets at settlement, by budget.',
    labelNames: ['budget'] as const,
    registers,
  });
  const released = new Counter({
    name: 'ais_budget_released_total',
    help: 'Reservations released without charge (failed before any usage) or expired.',
    labelNames: ['reason'] as const,
    registers,
  });
  /** Windows already logged as past their warn share, so the log says it once per window. */
  const warnedWindows = new Set<string>();

  // What a crashed process left held no longer counts: one engine owns a home at a time.
  const leftover = options.ledger().releaseAllHeld();
  if (leftover > 0) {
    released.inc({ reason: 'expired' }, leftover);
    options.logger.warn({ leftover }, `released ${leftover} budget reservation(s) left by a previous run`);
  }
  let lastExpiry = 0;

  return {
    status(config) {
      const now = Date.now();
      const ledger = options.ledger();
      return config.guardrails.budgets.map((budget) => {
        const window = budgetWindowOf(budget.window, now);
        const scope = budget.route === '*' ? '*' : scopeOfRoute(budget.route);
        const routeLabel = config.routes[budget.route]?.label ?? 'this route';
        return {
          label: budget.name ?? `${budget.route === '*' ? 'all routes' : routeLabel}/${budget.window}`,
          window: budget.window,
          windowStart: window.start,
          topUp: budget.top_up,
          ...(Number.isFinite(window.end) ? { resetsAt: window.end } : {}),
          limits: Object.fromEntries(
            BUDGET_LIMITS.flatMap((limit) => (budget[limit] === undefined ? [] : [[limit, budget[limit]]])),
          ),
          used: ledger.used({ scope, window: budget.window, windowStart: window.start }, now),
          warnAt: budget.warn_at,
        };
      });
    },
    reserve(input) {
      const { config } = input;
      const budgets = config.guardrails.budgets.filter(
        (budget) => budget.route === '*' || budget.route === input.routeKey,
      );
      if (budgets.length === 0) return undefined;
      const ledger = options.ledger();
      const now = Date.now();
      if (now - lastExpiry > 60_000) {
        lastExpiry = now;
        const expired = ledger.expire(now);
        if (expired > 0) released.inc({ reason: 'expired' }, expired);
      }
      const routeScope = scopeOfRoute(input.routeKey);
      const routeLabel = config.routes[input.routeKey]?.label ?? 'this route';
      const covering: CoveringBudget[] = budgets.map((budget) => {
        const window = budgetWindowOf(budget.window, now);
        const scope = budget.route === '*' ? '*' : routeScope;
        return {
          budget,
          label: budget.name ?? `${budget.route === '*' ? 'all routes' : routeLabel}/${budget.window}`,
          key: { scope, window: budget.window, windowStart: window.start },
          windowEnd: window.end,
        };
      });
      const idempotencyKey = input.idempotencyKey ? `${routeScope}:${input.idempotencyKey}` : undefined;
      const worst = worstCase(input, options.prices());

      const outcome = ledger.transaction((): ReserveOutcome => {
        if (idempotencyKey) {
          const known = ledger.findByIdempotencyKey(idempotencyKey);
          // A retry of a request still running, or already charged: it shares that one reservation.
          if (known && known.expiresAt > now) return { kind: 'shared', id: known.id, charged: covering };
          if (known) ledger.release(known.id);
        }
        // Every regular budget must have room; past a spent one, the first top-up with room carries the request.
        const open: CoveringBudget[] = [];
        let spent: Extract<ReserveOutcome, { kind: 'refused' }> | undefined;
        for (const entry of covering.filter((candidate) => !candidate.budget.top_up)) {
          const found = firstSpentLimit(entry.budget, ledger.used(entry.key, now));
          if (found) spent ??= { kind: 'refused', entry, ...found, topUps: 0 };
          else open.push(entry);
        }
        const topUps = covering.filter((candidate) => candidate.budget.top_up);
        const charged = [...open];
        if (spent || open.length === 0) {
          const topUp = topUps.find((entry) => !firstSpentLimit(entry.budget, ledger.used(entry.key, now)));
          if (!topUp) {
            if (spent) return { ...spent, topUps: topUps.length };
            const last = topUps.at(-1)!;
            return {
              kind: 'refused',
              entry: last,
              ...firstSpentLimit(last.budget, ledger.used(last.key, now))!,
              topUps: 0,
            };
          }
          charged.push(topUp);
        }
        const id = randomUUID();
        ledger.reserve({
          id,
          ...(idempotencyKey ? { idempotencyKey } : {}),
          createdAt: now,
          expiresAt: now + config.guardrails.reservation_ttl_s * 1000,
          holds: charged.map((entry) => ({ ...entry.key, ...worst })),
        });
        return { kind: 'reserved', id, charged };
      });

      if (outcome.kind === 'refused') {
        const { entry, limit, used, max, topUps } = outcome;
        refusals.inc({ budget: entry.label });
        const resets = Number.isFinite(entry.windowEnd);
        const retryAfter = resets ? Math.max(1, Math.ceil((entry.windowEnd - now) / 1000)) : undefined;
        const message =
          `AI Switch budget "${entry.label}" is spent: ${limit} ${formatAmount(limit, used)} of ${formatAmount(limit, max)} ` +
          (retryAfter !== undefined
            ? `used this ${entry.budget.window}; it resets at ${new Date(entry.windowEnd).toISOString()} (in ${formatDuration(retryAfter)})`
            : 'used; it is a one-off budget and does not reset') +
          (topUps > 0 ? `, and its ${topUps} top-up budget(s) are spent too` : '');
        options.logger.warn({ traceId: input.trace.id, budget: entry.label, limit, used, max }, message);
        const error = new ProtocolError('rate_limit', 429, message);
        if (retryAfter !== undefined) error.error.retryAfter = retryAfter;
        error.error.code = 'insufficient_quota';
        throw error;
      }

      const { charged: chargedBudgets } = outcome;
      for (const entry of chargedBudgets) noteWarnShare(entry, worst);
      const reservationId = outcome.id;
      let settled = false;
      return {
        settle(record) {
          if (settled) return;
          settled = true;
          const usage = record.usage;
          const nothingUsed = usage.inputTokens === 0 && usage.outputTokens === 0;
          if (record.status >= 400 && nothingUsed) {
            // A shared reservation belongs to the request that made it.
            if (outcome.kind === 'reserved') {
              ledger.release(reservationId);
              released.inc({ reason: 'failed' });
            }
            return;
          }
          const costUsd =
            record.costUsd ??
            (record.upstreamModel ? options.prices().costFor(record.upstreamModel, usage) : undefined) ??
            0;
          const amounts: BudgetAmounts = {
            requests: 1,
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            cacheReadTokens: usage.cacheReadTokens,
            cacheWriteTokens: usage.cacheWriteTokens,
            costUsd,
          };
          const charge = ledger.transaction(() => {
            const known = idempotencyKey ? ledger.findByIdempotencyKey(idempotencyKey) : undefined;
            // Charged once per idempotency key, whichever of the tries settles first.
            if (known?.state === 'charged') return false;
            ledger.charge(
              reservationId,
              chargedBudgets.map((entry) => entry.key),
              amounts,
              now + IDEMPOTENCY_MEMORY_MS,
            );
            return true;
          });
          if (charge) for (const entry of chargedBudgets) charged.inc({ budget: entry.label }, costUsd);
        },
      };

      function noteWarnShare(entry: CoveringBudget, reserved: BudgetAmounts): void {
        const used = ledger.used(entry.key, now);
        for (const limit of BUDGET_LIMITS) {
          const max = entry.budget[limit];
          if (max === undefined) continue;
          const value = amountOf(limit, used);
          if (value < entry.budget.warn_at * max) continue;
          warnings.inc({ budget: entry.label });
          const message = `budget "${entry.label}" is at ${Math.round((value / max) * 100)}% of its ${limit} for this ${entry.budget.window} (reserved: ${formatAmount(limit, amountOf(limit, reserved))})`;
          input.trace.addWarnings([{ code: 'budget-warn', message }]);
          const windowId = `${entry.label}|${entry.key.windowStart}|${limit}`;
          if (!warnedWindows.has(windowId)) {
            if (warnedWindows.size > 1000) warnedWindows.clear();
            warnedWindows.add(windowId);
            options.logger.warn({ budget: entry.label, limit }, message);
          }
          return;
        }
      }
    },
  };
}

/** A route's budgets are stored under a hash of its key: the key itself is a secret. */
function scopeOfRoute(routeKey: string): string {
  return `route:${createHash('sha256').update(routeKey).digest('hex').slice(0, 16)}`;
}

function worstCase(
  input: { config: AppConfig; request: CanonicalRequest; providerId: string; upstreamModel: string },
  prices: PriceLookup,
): BudgetAmounts {
  const inputTokens = estimateRequestTokens(input.request).upper;
  const provider = input.config.providers[input.providerId];
  const cap = provider ? outputTokenCap(provider, input.upstreamModel) : undefined;
  const requested = input.request.maxOutputTokens;
  const outputTokens =
    requested !== undefined && cap !== undefined
      ? Math.min(requested, cap)
      : (requested ?? cap ?? ASSUMED_OUTPUT_TOKENS);
  const costUsd =
    prices.costFor(input.upstreamModel, {
      inputTokens,
      outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    }) ?? 0;
  return { requests: 1, inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd };
}

type LimitName = (typeof BUDGET_LIMITS)[number];

type ReserveOutcome =
  /** `charged`: the budgets this request counts against (the regular ones, or a top-up past a spent one). */
  | { kind: 'reserved'; id: string; charged: CoveringBudget[] }
  /** A retry (same idempotency key) of a request still running or already charged. */
  | { kind: 'shared'; id: string; charged: CoveringBudget[] }
  | { kind: 'refused'; entry: CoveringBudget; limit: LimitName; used: number; max: number; topUps: number };

function amountOf(limit: LimitName, amounts: BudgetAmounts): number {
  switch (limit) {
    case 'requests':
      return amounts.requests;
    case 'tokens':
      return amounts.inputTokens + amounts.outputTokens;
    case 'input_tokens':
      return amounts.inputTokens;
    case 'output_tokens':
      return amounts.outputTokens;
    case 'cache_read_tokens':
      return amounts.cacheReadTokens;
    case 'cache_write_tokens':
      return amounts.cacheWriteTokens;
    case 'cost_usd':
      return amounts.costUsd;
    default: {
      const exhaustive: never = limit;
      throw new Error(`unknown budget limit ${String(exhaustive)}`);
    }
  }
}

/**
 * A window is spent once what it holds (settled + reserved) reaches a limit.
 * Admission only needs room left, not room for the whole worst case, so
 * concurrent requests overshoot by at most one reservation.
 */
function firstSpentLimit(
  budget: BudgetConfig,
  used: BudgetAmounts,
): { limit: LimitName; used: number; max: number } | undefined {
  for (const limit of BUDGET_LIMITS) {
    const max = budget[limit];
    if (max !== undefined && amountOf(limit, used) >= max) return { limit, used: amountOf(limit, used), max };
  }
  return undefined;
}

function formatAmount(limit: LimitName, value: number): string {
  return limit === 'cost_usd' ? `$${value.toFixed(4).replace(/\.?0+$/, '')}` : String(Math.round(value));
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}
