import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LockoutConfig } from '../config/guardrails-schema';

/** What was guessed wrong. */
export type AttemptKind = 'route key' | 'admin token' | 'login code';

export class LockedOutError extends Error {
  constructor(
    message: string,
    /** Seconds until the block ends. */
    readonly retryAfter: number,
  ) {
    super(message);
    this.name = 'LockedOutError';
  }
}

export interface Lockout {
  /**
   * Throws LockedOutError while `address` is blocked; once it has failed often, a wait to await
   * (undefined, not a promise, for the usual address with nothing against it).
   */
  admit(address: string): Promise<void> | undefined;
  /** The outcome of one authentication by `address`; a success forgets its failures. */
  record(address: string, kind: AttemptKind, failed: boolean): void;
  /** Addresses blocked right now. */
  blockedCount(): number;
}

interface AddressState {
  failures: number;
  firstFailureAt: number;
  blockedUntil: number;
  /** Blocks so far: each doubles the next. */
  blocks: number;
}

/** Addresses tracked at once; the least recently seen is forgotten first. */
const MAX_ADDRESSES = 10_000;
const MAX_BLOCK_MS = 24 * 3_600_000;
const MAX_DELAY_MS = 2_000;

/**
 * Per-address failure counting for every secret a caller can guess. Past
 * half the allowed failures each answer is slowed (exponentially, up to 2 s);
 * at the limit the address is blocked for `block_s`, doubled for each block
 * after, up to a day. Memory is bounded: at most 10,000 addresses.
 */
export function createLockout(options: {
  settings: () => LockoutConfig | undefined;
  logger: Logger;
  registry: Registry;
  now?: () => number;
  /** Test seam for the slow-down. */
  sleep?: (ms: number) => Promise<void>;
}): Lockout {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const states = new Map<string, AddressState>();
  const registers = [options.registry];
  const failuresMetric = new Counter({
    name: 'ais_lockout_failures_total',
    help: 'Failed authentications counted by the lockout, by what was wrong.',
    labelNames: ['kind'] as const,
    registers,
  });
  const blocksMetric = new Counter({
    name: 'ais_lockout_blocks_total',
    help: 'Addresses blocked after too many failed authentications.',
    registers,
  });
  const refusedMetric = new Counter({
    name: 'ais_lockout_refused_total',
    help: 'Requests refused because their address was blocked.',
    registers,
  });
  const blockedCount = (): number => {
    const time = now();
    let blocked = 0;
    for (const state of states.values()) if (state.blockedUntil > time) blocked++;
    return blocked;
  };
  new Gauge({
    name: 'ais_lockout_blocked_addresses',
    help: 'Addresses blocked right now.',
    registers,
    collect() {
      this.set(blockedCount());
    },
  });

  const touch = (address: string, state: AddressState): void => {
    states.delete(address);
    states.set(address, state);
    if (states.size > MAX_ADDRESSES) states.delete(states.keys().next().value as string);
  };

  return {
    blockedCount,
    admit(address) {
      const settings = options.settings();
      if (!settings) return undefined;
      const state = states.get(address);
      if (!state) return undefined;
      const time = now();
      if (state.blockedUntil > time) {
        refusedMetric.inc();
        const retryAfter = Math.ceil((state.blockedUntil - time) / 1000);
        throw new LockedOutError(
          `too many failed authentications from ${address}: blocked for ${retryAfter} more s (guardrails.lockout)`,
          retryAfter,
        );
      }
      const half = Math.ceil(settings.max_failures / 2);
      if (state.failures >= half && time - state.firstFailureAt < settings.window_s * 1000)
        return sleep(Math.min(MAX_DELAY_MS, 100 * 2 ** (state.failures - half)));
      return undefined;
    },
    record(address, kind, failed) {
      const settings = options.settings();
      if (!settings) return;
      if (!failed) {
        const state = states.get(address);
        // A right guess forgets the failures, not a block already earned.
        if (state && state.blockedUntil <= now()) states.delete(address);
        return;
      }
      failuresMetric.inc({ kind });
      const time = now();
      const state = states.get(address) ?? { failures: 0, firstFailureAt: time, blockedUntil: 0, blocks: 0 };
      if (time - state.firstFailureAt >= settings.window_s * 1000) {
        state.failures = 0;
        state.firstFailureAt = time;
      }
      state.failures++;
      if (state.failures >= settings.max_failures) {
        const blockMs = Math.min(MAX_BLOCK_MS, settings.block_s * 1000 * 2 ** state.blocks);
        state.blockedUntil = time + blockMs;
        state.blocks++;
        state.failures = 0;
        state.firstFailureAt = time;
        blocksMetric.inc();
        options.logger.warn(
          { address, kind, blockS: blockMs / 1000, blocks: state.blocks },
          `blocked ${address} for ${Math.round(blockMs / 1000)} s after ${settings.max_failures} failed authentications (last: wrong ${kind})`,
        );
      }
      touch(address, state);
    },
  };
}
