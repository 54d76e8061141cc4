import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { BudgetConfig } from '../config/guardrails-schema';
import { BUDGET_LIMITS } from '../config/guardrails-schema';
import type { AppConfig } from '../config/schema';
import { ProtocolError, type CanonicalRequest } from '../protocols/canonical';
import { noBudgetAmounts, type BudgetAmounts, type BudgetLedger, type BudgetWindowKey } from '../store';
import type { PriceLookup } from '../trace/compute-cost';
import type { TraceDraft } from '../trace/trace-draft';
import type { TraceRecord } from '../trace/types';
import {
  addAmounts,
  amountOf,
  firstSpentLimit,
  formatAmount,
  formatDuration,
  subtractAmounts,
  type LimitName,
} from './budget-amounts';
import { createWindowClock } from './budget-windows';
import { estimateWorstCase } from './estimate-worst-case';

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
  window: WindowState;
}

/**
 * One budget window as this process sees it: what is settled (loaded from the
 * ledger once, then kept up to date here) and what requests in flight hold.
 */
interface WindowState {
  key: BudgetWindowKey;
  end: number;
  settled: BudgetAmounts;
  held: BudgetAmounts;
  /** Reservations holding amounts here. */
  holders: number;
  /** Swept out (ended, nothing held): a new state stands for the window from now on. */
  dropped: boolean;
}

/** A budget covering a route, as compiled for a config; `state` is the window it used last. */
interface CompiledBudget {
  budget: BudgetConfig;
  label: string;
  scope: string;
  state: WindowState | undefined;
}

/** A request's worst case, held in each window it counts against until it settles. */
interface Hold {
  windows: WindowState[];
  /** The budgets it counts against, by label (metrics). */
  labels: string[];
  amounts: BudgetAmounts;
  expiresAt: number;
  live: boolean;
  idempotencyKey?: string;
}

/** What an idempotency key stands for: a request in flight (its hold) or one charged already. */
type KnownKey = { hold: Hold } | { chargedUntil: number };

/** Idempotency keys kept in memory; older ones are looked up in the ledger. */
const MAX_KNOWN_KEYS = 10_000;
/** How often expired holds, ended windows and old keys are swept. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Budgets are checked and reserved in memory: one engine owns a home, so the
 * holds of requests in flight belong to this process (a killed one takes its
 * holds with it) and the settled usage it loaded, plus what it charged since,
 * is the whole truth. Charges are written to the ledger behind, in groups.
 */
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
  const windows = new Map<string, WindowState>();
  const holds = new Set<Hold>();
  const knownKeys = new Map<string, KnownKey>();
  const windowClock = createWindowClock();
  /** Route key → its stored scope (a hash), so a request does not hash its key again. */
  const routeScopes = new Map<string, string>();
  let sweptAt = Date.now();

  const scopeOfRoute = (routeKey: string): string => {
    let scope = routeScopes.get(routeKey);
    if (scope === undefined) {
      if (routeScopes.size >= 1000) routeScopes.clear();
      scope = hashRouteKey(routeKey);
      routeScopes.set(routeKey, scope);
    }
    return scope;
  };

  const windowOf = (budget: BudgetConfig, scope: string, now: number): WindowState => {
    const { start, end } = windowClock(budget.window, now);
    const id = `${scope}|${budget.window}|${start}`;
    let state = windows.get(id);
    if (!state) {
      const key = { scope, window: budget.window, windowStart: start };
      state = {
        key,
        end,
        settled: options.ledger().settled(key),
        held: noBudgetAmounts(),
        holders: 0,
        dropped: false,
      };
      windows.set(id, state);
    }
    return state;
  };

  /** The budgets covering each route key, per config: labels and scopes made once, not per request. */
  let compiled: { config: AppConfig; byRoute: Map<string, CompiledBudget[]> } | undefined;
  const coveringBudgets = (config: AppConfig, routeKey: string): CompiledBudget[] => {
    if (compiled?.config !== config) compiled = { config, byRoute: new Map() };
    let found = compiled.byRoute.get(routeKey);
    if (!found) {
      const routeLabel = config.routes[routeKey]?.label ?? 'this route';
      found = config.guardrails.budgets
        .filter((budget) => budget.route === '*' || budget.route === routeKey)
        .map((budget) => ({
          budget,
          label: budget.name ?? `${budget.route === '*' ? 'all routes' : routeLabel}/${budget.window}`,
          scope: budget.route === '*' ? '*' : scopeOfRoute(routeKey),
          state: undefined,
        }));
      // Route keys are whatever clients send: a flood of unknown ones must not grow this without end.
      if (compiled.byRoute.size >= 1000) compiled.byRoute.clear();
      compiled.byRoute.set(routeKey, found);
    }
    return found;
  };
  /** The entry's window holding `now`: the one it used last while that is still current and kept. */
  const currentWindow = (entry: CompiledBudget, now: number): WindowState => {
    const last = entry.state;
    if (last && !last.dropped && now >= last.key.windowStart && now < last.end) return last;
    entry.state = windowOf(entry.budget, entry.scope, now);
    return entry.state;
  };

  const dropHold = (hold: Hold): void => {
    if (!hold.live) return;
    hold.live = false;
    holds.delete(hold);
    for (const window of hold.windows) {
      subtractAmounts(window.held, hold.amounts);
      window.holders--;
    }
    if (hold.idempotencyKey !== undefined) {
      const known = knownKeys.get(hold.idempotencyKey);
      if (known && 'hold' in known && known.hold === hold) knownKeys.delete(hold.idempotencyKey);
    }
  };

  const rememberKey = (key: string, known: KnownKey): void => {
    knownKeys.delete(key);
    knownKeys.set(key, known);
    if (knownKeys.size > MAX_KNOWN_KEYS) knownKeys.delete(knownKeys.keys().next().value as string);
  };

  /** A hold past its TTL stops counting (a request that never settled); ended windows and old keys go. */
  const sweep = (now: number): void => {
    sweptAt = now;
    let expired = 0;
    for (const hold of holds)
      if (hold.expiresAt <= now) {
        dropHold(hold);
        expired++;
      }
    if (expired > 0) released.inc({ reason: 'expired' }, expired);
    for (const [id, window] of windows)
      if (window.end <= now && window.holders === 0) {
        window.dropped = true;
        windows.delete(id);
      }
    for (const [key, known] of knownKeys)
      if ('chargedUntil' in known && known.chargedUntil <= now) knownKeys.delete(key);
    options.ledger().expire(now);
  };

  /**
   * Sweeps on schedule, or as soon as the oldest hold has expired (holds are kept in the order they
   * were made, so that is one look).
   */
  const sweepIfDue = (now: number): void => {
    const oldest = holds.values().next().value as Hold | undefined;
    if (now - sweptAt > SWEEP_EVERY_MS || now < sweptAt || (oldest && oldest.expiresAt <= now)) sweep(now);
  };

  /** A request already charged or in flight under this key; undefined for a new one. */
  const findKnown = (key: string, now: number): KnownKey | undefined => {
    const known = knownKeys.get(key);
    if (known) {
      if ('hold' in known ? known.hold.live : known.chargedUntil > now) return known;
      knownKeys.delete(key);
      return undefined;
    }
    const chargedUntil = options.ledger().chargedUntil(key, now);
    if (chargedUntil === undefined) return undefined;
    const found = { chargedUntil };
    rememberKey(key, found);
    return found;
  };

  /** What a finished request used, as budgets count it. */
  const amountsOf = (record: TraceRecord): BudgetAmounts => {
    const usage = record.usage;
    return {
      requests: 1,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd:
        record.costUsd ??
        (record.upstreamModel ? options.prices().costFor(record.upstreamModel, usage) : undefined) ??
        0,
    };
  };

  /** Charges a hold's windows what the request used: once per idempotency key, whichever try settles first. */
  const chargeHold = (hold: Hold, record: TraceRecord): void => {
    const key = hold.idempotencyKey;
    const now = Date.now();
    if (key !== undefined) {
      const known = knownKeys.get(key);
      if (known && 'chargedUntil' in known && known.chargedUntil > now) return;
    }
    const amounts = amountsOf(record);
    for (const window of hold.windows) addAmounts(window.settled, amounts);
    const keepUntil = now + IDEMPOTENCY_MEMORY_MS;
    options.ledger().charge({
      windows: hold.windows.map((window) => window.key),
      usage: amounts,
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      keepUntil,
    });
    if (key !== undefined) rememberKey(key, { chargedUntil: keepUntil });
    for (const label of hold.labels) charged.inc({ budget: label }, amounts.costUsd);
  };

  return {
    status(config) {
      const now = Date.now();
      sweepIfDue(now);
      return config.guardrails.budgets.map((budget) => {
        const window = windowOf(budget, budget.route === '*' ? '*' : scopeOfRoute(budget.route), now);
        const routeLabel = config.routes[budget.route]?.label ?? 'this route';
        return {
          label: budget.name ?? `${budget.route === '*' ? 'all routes' : routeLabel}/${budget.window}`,
          window: budget.window,
          windowStart: window.key.windowStart,
          topUp: budget.top_up,
          ...(Number.isFinite(window.end) ? { resetsAt: window.end } : {}),
          limits: Object.fromEntries(
            BUDGET_LIMITS.flatMap((limit) => (budget[limit] === undefined ? [] : [[limit, budget[limit]]])),
          ),
          used: usedIn(window),
          warnAt: budget.warn_at,
        };
      });
    },
    reserve(input) {
      const { config } = input;
      const now = Date.now();
      const covering = coveringBudgets(config, input.routeKey).map((entry): CoveringBudget => ({
        budget: entry.budget,
        label: entry.label,
        window: currentWindow(entry, now),
      }));
      if (covering.length === 0) return undefined;
      sweepIfDue(now);
      const idempotencyKey = input.idempotencyKey
        ? `${scopeOfRoute(input.routeKey)}:${input.idempotencyKey}`
        : undefined;

      // A retry of a request still running, or already charged: it shares that one reservation.
      const known = idempotencyKey === undefined ? undefined : findKnown(idempotencyKey, now);
      if (known) return sharedReservation(known);

      // Every regular budget must have room; past a spent one, the first top-up with room carries the request.
      const open: CoveringBudget[] = [];
      let spent: Refusal | undefined;
      for (const entry of covering) {
        if (entry.budget.top_up) continue;
        const found = firstSpentLimit(entry.budget, usedIn(entry.window));
        if (found) spent ??= { entry, ...found, topUps: 0 };
        else open.push(entry);
      }
      const chargedBudgets = open;
      if (spent || open.length === 0) {
        const topUps = covering.filter((candidate) => candidate.budget.top_up);
        const topUp = topUps.find((entry) => !firstSpentLimit(entry.budget, usedIn(entry.window)));
        if (!topUp) {
          if (spent) throw refuse({ ...spent, topUps: topUps.length }, now, input.trace);
          const last = topUps.at(-1)!;
          throw refuse(
            { entry: last, ...firstSpentLimit(last.budget, usedIn(last.window))!, topUps: 0 },
            now,
            input.trace,
          );
        }
        chargedBudgets.push(topUp);
      }

      const worst = estimateWorstCase(input, options.prices());
      const hold: Hold = {
        windows: chargedBudgets.map((entry) => entry.window),
        labels: chargedBudgets.map((entry) => entry.label),
        amounts: worst,
        expiresAt: now + config.guardrails.reservation_ttl_s * 1000,
        live: true,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      };
      for (const window of hold.windows) {
        addAmounts(window.held, worst);
        window.holders++;
      }
      holds.add(hold);
      if (idempotencyKey !== undefined) rememberKey(idempotencyKey, { hold });
      for (const entry of chargedBudgets) noteWarnShare(entry, worst);

      return {
        settle(record) {
          if (!hold.live) {
            // Expired before it settled: what it used is still charged, its key still remembered.
            if (!usedNothing(record)) chargeHold(hold, record);
            return;
          }
          dropHold(hold);
          if (usedNothing(record)) {
            released.inc({ reason: 'failed' });
            return;
          }
          chargeHold(hold, record);
        },
      };

      /** A retry shares the first try's hold: when it settles first, it charges for both. */
      function sharedReservation(known: KnownKey): BudgetReservation {
        return {
          settle(record) {
            if (!('hold' in known) || !known.hold.live || usedNothing(record)) return;
            dropHold(known.hold);
            chargeHold(known.hold, record);
          },
        };
      }

      function noteWarnShare(entry: CoveringBudget, reserved: BudgetAmounts): void {
        const used = usedIn(entry.window);
        for (const limit of BUDGET_LIMITS) {
          const max = entry.budget[limit];
          if (max === undefined) continue;
          const value = amountOf(limit, used);
          if (value < entry.budget.warn_at * max) continue;
          warnings.inc({ budget: entry.label });
          const message = `budget "${entry.label}" is at ${Math.round((value / max) * 100)}% of its ${limit} for this ${entry.budget.window} (reserved: ${formatAmount(limit, amountOf(limit, reserved))})`;
          input.trace.addWarnings([{ code: 'budget-warn', message }]);
          const windowId = `${entry.label}|${entry.window.key.windowStart}|${limit}`;
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

  function refuse(refusal: Refusal, now: number, trace: TraceDraft): ProtocolError {
    const { entry, limit, used, max, topUps } = refusal;
    refusals.inc({ budget: entry.label });
    const resets = Number.isFinite(entry.window.end);
    const retryAfter = resets ? Math.max(1, Math.ceil((entry.window.end - now) / 1000)) : undefined;
    const message =
      `AI Switch budget "${entry.label}" is spent: ${limit} ${formatAmount(limit, used)} of ${formatAmount(limit, max)} ` +
      (retryAfter !== undefined
        ? `used this ${entry.budget.window}; it resets at ${new Date(entry.window.end).toISOString()} (in ${formatDuration(retryAfter)})`
        : 'used; it is a one-off budget and does not reset') +
      (topUps > 0 ? `, and its ${topUps} top-up budget(s) are spent too` : '');
    options.logger.warn({ traceId: trace.id, budget: entry.label, limit, used, max }, message);
    const error = new ProtocolError('rate_limit', 429, message);
    if (retryAfter !== undefined) error.error.retryAfter = retryAfter;
    error.error.code = 'insufficient_quota';
    return error;
  }
}

/** Failed before anything was used (an error before the first byte): nothing to charge. */
function usedNothing(record: TraceRecord): boolean {
  return record.status >= 400 && record.usage.inputTokens === 0 && record.usage.outputTokens === 0;
}

/** Settled plus held. */
function usedIn(window: WindowState): BudgetAmounts {
  const total = { ...window.settled };
  addAmounts(total, window.held);
  return total;
}

/** A route's budgets are stored under a hash of its key: the key itself is a secret. */
function hashRouteKey(routeKey: string): string {
  return `route:${createHash('sha256').update(routeKey).digest('hex').slice(0, 16)}`;
}

/** The first spent budget's limit, and how many top-ups were looked at past it. */
interface Refusal {
  entry: CoveringBudget;
  limit: LimitName;
  used: number;
  max: number;
  topUps: number;
}
