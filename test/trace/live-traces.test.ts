import { describe, expect, it, vi } from 'vitest';
import { createEngineEvents } from '../../main/core/api/create-engine-events';
import type { EventPayload } from '../../main/core/contract';
import type { ProxyExchange } from '../../main/core/proxy/proxy-exchange';
import { createLiveTraces } from '../../main/core/trace/create-live-traces';
import { TraceDraft } from '../../main/core/trace/trace-draft';
import type { AttemptRecord } from '../../main/core/upstream';

const exchange = {
  path: '/v1/messages',
  get: () => 'claude-cli/2.1.197 (external, cli)',
  status: 200,
} as unknown as ProxyExchange;

function draft(): TraceDraft {
  return new TraceDraft(exchange, { protocol: 'anthropic', kind: 'generate' }, 0);
}

const attempt = (): AttemptRecord => ({
  providerId: 'deepseek',
  model: 'deepseek-chat',
  keyIndex: 0,
  url: 'https://api.deepseek.com/chat/completions',
  startedAt: Date.now(),
});

describe('live traces', () => {
  it('builds nothing while no one listens', () => {
    const events = createEngineEvents();
    const live = createLiveTraces(events);
    const trace = draft();
    const update = vi.spyOn(trace, 'liveUpdate');
    const summary = vi.spyOn(trace, 'liveSummary');
    live.begin(trace);
    for (let index = 0; index < 100; index += 1) trace.noteAttemptProgress(attempt());
    expect(update).not.toHaveBeenCalled();
    expect(summary).not.toHaveBeenCalled();
    expect(live.size).toBe(1);
  });

  it('publishes at most one update per interval per trace, and the latest state after a burst', async () => {
    vi.useFakeTimers();
    try {
      const events = createEngineEvents();
      const updates: EventPayload<'traceUpdated'>[] = [];
      events.on('traceUpdated', (update) => updates.push(update));
      const live = createLiveTraces(events, 100);
      const trace = draft();
      live.begin(trace);
      const first = attempt();
      trace.noteAttemptProgress(first);
      expect(updates).toHaveLength(1);
      first.headersAt = Date.now();
      first.status = 200;
      for (let index = 0; index < 50; index += 1) {
        trace.noteStreamProgress({
          firstTokenAt: Date.now(),
          usage: { ...zeroUsage(), outputTokens: index },
        });
        vi.advanceTimersByTime(10);
      }
      // 500 ms of chunks every 10 ms: ~5 more updates, never 50.
      expect(updates.length).toBeGreaterThanOrEqual(5);
      expect(updates.length).toBeLessThanOrEqual(7);
      vi.advanceTimersByTime(100);
      const last = updates.at(-1)!;
      expect(last.phase).toBe('streaming');
      expect(last.usage?.outputTokens).toBe(49);
      expect(last.attempts[0]).toMatchObject({ providerId: 'deepseek', status: 200 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists requests in flight newest first; end() cancels a pending update and finishes once', () => {
    vi.useFakeTimers();
    try {
      const events = createEngineEvents();
      const seen: string[] = [];
      events.on('traceUpdated', () => seen.push('updated'));
      events.on('traceFinished', (summary) => seen.push(`finished ${summary.id}`));
      const live = createLiveTraces(events, 100);
      const older = draft();
      const newer = draft();
      live.begin(older);
      live.begin(newer);
      expect(live.list().map((row) => row.id)).toEqual([newer.id, older.id]);
      expect(live.list()[0]).toMatchObject({ state: 'running', status: 0, client: 'Claude Code 2.1.197' });
      newer.noteAttemptProgress(attempt());
      newer.noteAttemptProgress(attempt()); // throttled: pending
      live.end(newer.id, { ...newer.liveSummary(), state: 'done', status: 200 });
      vi.advanceTimersByTime(500);
      expect(seen).toEqual(['updated', `finished ${newer.id}`]);
      expect(live.list().map((row) => row.id)).toEqual([older.id]);
    } finally {
      vi.useRealTimers();
    }
  });
});

function zeroUsage() {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}
