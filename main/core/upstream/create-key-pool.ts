import type { ProviderConfig } from '../config/schema';

/*
 * Per provider, the keys `[api_key, ...fallback_keys]` in config order. The
 * first healthy key is used (fallback keys are fallbacks, not a round robin),
 * unless the caller prefers the key a session already uses. A rate-limited
 * key cools down for the provider's Retry-After or an exponential backoff; a
 * rejected key (401/403) is sidelined for a long time. The pool is rebuilt on
 * every config reload, which also forgives every key.
 */

export const RATE_LIMIT_BACKOFF_BASE_MS = 1_000;
export const RATE_LIMIT_BACKOFF_MAX_MS = 60_000;
export const AUTH_FAILURE_SIDELINE_MS = 10 * 60_000;

export type KeyPick =
  | { kind: 'key'; key: string; keyIndex: number }
  /** Every key not yet excluded is cooling; `retryAt` is when the first one recovers. */
  | { kind: 'all-cooling'; retryAt: number; lastStatus: number }
  /** Every key was excluded (already tried in this request). */
  | { kind: 'exhausted' }
  | { kind: 'unknown-provider' };

export interface PickOptions {
  /** The key a sticky session is on; used when healthy. */
  preferredKeyIndex?: number;
  /** Keys already tried in this request. */
  exclude?: ReadonlySet<number>;
}

/** What the dashboard may show about a key: never the key itself. */
export interface KeyStateView {
  keyIndex: number;
  /** Last four characters, to tell keys apart. */
  keyHint: string;
  coolingUntil?: number;
  lastStatus?: number;
  consecutiveFailures: number;
}

export interface KeyPool {
  pick(providerId: string, options?: PickOptions): KeyPick;
  /** Feed every upstream status back (2xx resets the key; 429/529 and 401/403 cool it). */
  reportResult(providerId: string, keyIndex: number, status: number, retryAfterSeconds?: number): void;
  keyCount(providerId: string): number;
  describe(): Record<string, KeyStateView[]>;
}

interface KeySlot {
  /** Empty for keyless providers (one slot, so their 429s still cool down). */
  key: string;
  coolUntil: number;
  consecutiveFailures: number;
  lastStatus?: number;
}

export interface CreateKeyPoolOptions {
  now?: () => number;
}

export function createKeyPool(
  config: { providers: Record<string, Pick<ProviderConfig, 'api_key' | 'fallback_keys'>> },
  options: CreateKeyPoolOptions = {},
): KeyPool {
  const now = options.now ?? Date.now;
  const slotsByProvider = new Map<string, KeySlot[]>();
  for (const [providerId, provider] of Object.entries(config.providers)) {
    const keys = [provider.api_key ?? '', ...(provider.fallback_keys ?? [])]
      .map((key) => key.trim())
      .filter((key) => key !== '');
    const unique = [...new Set(keys)];
    const slots = (unique.length > 0 ? unique : ['']).map((key) => ({
      key,
      coolUntil: 0,
      consecutiveFailures: 0,
    }));
    slotsByProvider.set(providerId, slots);
  }

  function pick(providerId: string, pickOptions: PickOptions = {}): KeyPick {
    const slots = slotsByProvider.get(providerId);
    if (slots === undefined) return { kind: 'unknown-provider' };
    const { preferredKeyIndex, exclude } = pickOptions;
    const currentTime = now();
    const isHealthy = (index: number): boolean => {
      const slot = slots[index];
      return slot !== undefined && !exclude?.has(index) && slot.coolUntil <= currentTime;
    };
    if (preferredKeyIndex !== undefined && isHealthy(preferredKeyIndex)) {
      return { kind: 'key', key: slots[preferredKeyIndex]?.key ?? '', keyIndex: preferredKeyIndex };
    }
    let soonest: KeySlot | undefined;
    for (const [index, slot] of slots.entries()) {
      if (exclude?.has(index)) continue;
      if (slot.coolUntil <= currentTime) return { kind: 'key', key: slot.key, keyIndex: index };
      if (soonest === undefined || slot.coolUntil < soonest.coolUntil) soonest = slot;
    }
    if (soonest === undefined) return { kind: 'exhausted' };
    return { kind: 'all-cooling', retryAt: soonest.coolUntil, lastStatus: soonest.lastStatus ?? 429 };
  }

  function reportResult(
    providerId: string,
    keyIndex: number,
    status: number,
    retryAfterSeconds?: number,
  ): void {
    const slot = slotsByProvider.get(providerId)?.[keyIndex];
    if (slot === undefined) return;
    if (status >= 200 && status < 300) {
      slot.coolUntil = 0;
      slot.consecutiveFailures = 0;
      slot.lastStatus = status;
      return;
    }
    if (status === 429 || status === 529) {
      slot.consecutiveFailures += 1;
      const backoff = Math.min(
        RATE_LIMIT_BACKOFF_BASE_MS * 2 ** (slot.consecutiveFailures - 1),
        RATE_LIMIT_BACKOFF_MAX_MS,
      );
      const cooldown = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoff;
      slot.coolUntil = now() + cooldown;
      slot.lastStatus = status;
      return;
    }
    if (status === 401 || status === 403) {
      slot.consecutiveFailures += 1;
      slot.coolUntil = now() + AUTH_FAILURE_SIDELINE_MS;
      slot.lastStatus = status;
    }
    // Other statuses say nothing about the key (a 400 is the request's fault, a 5xx the provider's).
  }

  function keyCount(providerId: string): number {
    return slotsByProvider.get(providerId)?.length ?? 0;
  }

  function describe(): Record<string, KeyStateView[]> {
    const currentTime = now();
    const view: Record<string, KeyStateView[]> = {};
    for (const [providerId, slots] of slotsByProvider) {
      view[providerId] = slots.map((slot, keyIndex) => ({
        keyIndex,
        keyHint: slot.key.length > 8 ? slot.key.slice(-4) : '',
        ...(slot.coolUntil > currentTime ? { coolingUntil: slot.coolUntil } : {}),
        ...(slot.lastStatus !== undefined ? { lastStatus: slot.lastStatus } : {}),
        consecutiveFailures: slot.consecutiveFailures,
      }));
    }
    return view;
  }

  return { pick, reportResult, keyCount, describe };
}
