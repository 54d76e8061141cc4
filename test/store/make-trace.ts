import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../main/core/store';
import type { Store, StoreOptions, TraceRecord } from '../../main/core/store';

let counter = 0;

/** A plausible finished trace; every call gets a distinct id. */
export function makeTrace(overrides: Partial<TraceRecord> = {}): TraceRecord {
  counter += 1;
  const startedAt = overrides.startedAt ?? Date.UTC(2025, 5, 1, 12, 0, 0) + counter;
  return {
    id: `trace-${counter.toString().padStart(8, '0')}`,
    startedAt,
    routeKeyLabel: 'default',
    inboundProtocol: 'anthropic',
    path: '/v1/messages',
    userAgent: 'claude-cli/2.1.197 (external, cli)',
    requestedModel: 'claude-sonnet-4-5',
    providerId: 'anthropic',
    upstreamModel: 'claude-sonnet-4-5-20250929',
    status: 200,
    warnings: [],
    stream: true,
    timings: { receivedAt: startedAt, firstTokenAt: startedAt + 300, clientDoneAt: startedAt + 1200 },
    attempts: [
      {
        providerId: 'anthropic',
        keyIndex: 0,
        url: 'https://api.anthropic.com/v1/messages',
        status: 200,
        startedAt,
      },
    ],
    usage: {
      inputTokens: 1000,
      outputTokens: 200,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
      reasoningTokens: 50,
    },
    ...overrides,
  };
}

export interface TempStore {
  dir: string;
  dbPath: string;
  open(options?: Partial<StoreOptions>): Store;
  cleanup(): void;
}

/** A store in a fresh temp directory; `open` may be called again to re-open the same file. */
export function tempStore(): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'ais-store-'));
  const dbPath = path.join(dir, 'ais.db');
  const opened: Store[] = [];
  return {
    dir,
    dbPath,
    open(options = {}) {
      const store = createStore({
        dbPath,
        captureMode: 'all',
        retentionDays: 30,
        secrets: () => [],
        ...options,
      });
      opened.push(store);
      return store;
    },
    cleanup() {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
