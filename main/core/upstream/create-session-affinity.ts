/*
 * Which provider, model and key a session last succeeded on. Provider prompt
 * caches are per key (org) and model, so a session that hops between them
 * pays full price for its prompt again; keeping it in place while that spot
 * is healthy keeps the cache hitting. Entries expire after `ttlMs` without use
 * (provider caches live minutes, not days), and the oldest go first past `max`.
 */

export interface SessionPlacement {
  providerId: string;
  model: string;
  keyIndex: number;
}

export interface SessionAffinity {
  get(sessionId: string): SessionPlacement | undefined;
  set(sessionId: string, placement: SessionPlacement): void;
  delete(sessionId: string): void;
  readonly size: number;
}

export interface CreateSessionAffinityOptions {
  /** Default one hour: Anthropic's longest cache TTL. */
  ttlMs?: number;
  /** Default 10 000 sessions. */
  max?: number;
  now?: () => number;
}

interface Entry {
  placement: SessionPlacement;
  lastUsedAt: number;
}

export function createSessionAffinity(options: CreateSessionAffinityOptions = {}): SessionAffinity {
  const ttlMs = options.ttlMs ?? 60 * 60_000;
  const max = Math.max(1, options.max ?? 10_000);
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on use makes the first entry the least recently used.
  const entries = new Map<string, Entry>();

  function get(sessionId: string): SessionPlacement | undefined {
    const entry = entries.get(sessionId);
    if (entry === undefined) return undefined;
    const currentTime = now();
    entries.delete(sessionId);
    if (currentTime - entry.lastUsedAt > ttlMs) return undefined;
    entry.lastUsedAt = currentTime;
    entries.set(sessionId, entry);
    return entry.placement;
  }

  function set(sessionId: string, placement: SessionPlacement): void {
    entries.delete(sessionId);
    entries.set(sessionId, { placement: { ...placement }, lastUsedAt: now() });
    while (entries.size > max) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
  }

  return {
    get,
    set,
    delete: (sessionId) => void entries.delete(sessionId),
    get size() {
      return entries.size;
    },
  };
}
