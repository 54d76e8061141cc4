import type { CallOutput } from '../contract';

export type LifecycleState = CallOutput<'status'>['state'];

export interface LifecycleSnapshot {
  state: LifecycleState;
  /** Why the engine is in `error`. */
  error?: string;
  /** The proxy's URL while it listens (running or paused). */
  url?: string;
}

/**
 * The one state machine the status call, the `serverStatus` event, the tray
 * and the CLI read:
 *
 *   stopped → starting → running ⇄ paused
 *   starting → error (e.g. the port is in use) → starting (try again)
 *   running | paused → stopping → stopped
 *
 * "Stop the proxy" in the app means pause: clients get a 503 while the admin
 * API and the dashboard keep answering. Only quitting stops the engine.
 */
export interface Lifecycle {
  readonly state: LifecycleState;
  snapshot(): LifecycleSnapshot;
  /** Moves to `next`; throws on a move the machine does not allow (a bug, not a user error). */
  to(next: 'starting' | 'stopping' | 'stopped'): void;
  running(url: string): void;
  failed(reason: string): void;
  /** Pause or resume; returns false when the state allows neither (not listening). */
  setPaused(paused: boolean): boolean;
  /** Called on every change, after it happened. */
  onChange(listener: (snapshot: LifecycleSnapshot) => void): () => void;
}

const ALLOWED: Record<LifecycleState, readonly LifecycleState[]> = {
  stopped: ['starting'],
  starting: ['running', 'error', 'stopping'],
  running: ['paused', 'stopping'],
  paused: ['running', 'stopping'],
  stopping: ['stopped'],
  error: ['starting', 'stopping', 'stopped'],
};

export function createLifecycle(): Lifecycle {
  let current: LifecycleSnapshot = { state: 'stopped' };
  const listeners = new Set<(snapshot: LifecycleSnapshot) => void>();

  const move = (next: LifecycleSnapshot): void => {
    if (!ALLOWED[current.state].includes(next.state))
      throw new Error(`the engine cannot go from ${current.state} to ${next.state}`);
    current = next;
    for (const listener of listeners) listener({ ...current });
  };

  return {
    get state() {
      return current.state;
    },
    snapshot: () => ({ ...current }),
    to(next) {
      move({ state: next });
    },
    running(url) {
      move({ state: 'running', url });
    },
    failed(reason) {
      move({ state: 'error', error: reason });
    },
    setPaused(paused) {
      const target: LifecycleState = paused ? 'paused' : 'running';
      if (current.state === target) return true;
      if (current.state !== 'running' && current.state !== 'paused') return false;
      move({ ...current, state: target });
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
