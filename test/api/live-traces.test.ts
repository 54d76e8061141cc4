import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/core/contract';
import {
  chatStreamFrames,
  openEvents,
  startEngine,
  waitFor,
  type RunningEngine,
} from '../admin/admin-harness';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

type LiveEvent =
  | { event: 'traceStarted'; data: EventPayload<'traceStarted'> }
  | { event: 'traceUpdated'; data: EventPayload<'traceUpdated'> }
  | { event: 'traceFinished'; data: EventPayload<'traceFinished'> };

function config(slowUrl: string, failingUrl: string): string {
  return `providers:
  failing:
    base_url: ${failingUrl}
    api_key: sk-live-failing-0123456789
  slow:
    base_url: ${slowUrl}
    api_key: sk-live-slow-0123456789
routes:
  ais-slow:
    provider: slow
    default_model: m1
  ais-failover:
    provider: failing
    default_model: m1
    fallback: ['slow|m1']
default_route: ais-slow
`;
}

/**
 * The waterfall draws a request while it runs: over the SSE endpoint a slow
 * stream gives traceStarted, updates with attempt timings, then traceFinished.
 */
describe('live traces over the event stream', () => {
  let slow: ScriptedUpstream;
  let failing: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    // Five frames 150 ms apart: the stream runs ~600 ms, long enough for several throttled updates.
    slow = await startScriptedUpstream(() => ({ kind: 'sse', frames: chatStreamFrames(7, 2), delayMs: 150 }));
    failing = await startScriptedUpstream(() => ({
      kind: 'json',
      status: 500,
      body: { error: { message: 'upstream broke', type: 'server_error' } },
    }));
    running = await startEngine(config(slow.url, failing.url));
  });
  afterAll(async () => {
    await running?.close();
    await slow?.close();
    await failing?.close();
  });

  const liveEventsOf = (events: { event: string; data: unknown }[], id: string): LiveEvent[] =>
    events.filter(
      (event): event is LiveEvent =>
        ['traceStarted', 'traceUpdated', 'traceFinished'].includes(event.event) &&
        (event.data as { id?: string }).id === id,
    );

  it('started, updated with attempt timings, then finished, in order; listed while in flight', async () => {
    const stream = await openEvents(running.url, running.token);
    const client = new Anthropic({ baseURL: running.url, apiKey: 'ais-slow', maxRetries: 0 });
    const request = client.messages
      .create({
        model: 'claude-x',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      })
      .withResponse();
    const { data: messages, response } = await request;
    const id = response.headers.get('x-request-id')!;
    await waitFor(() => liveEventsOf(stream.events, id).length > 0);
    // While it streams, the trace list's in-flight rows hold it as running.
    const inflight = await running.engine.api.invoke('tracesList', { inflight: true });
    expect(inflight.items.find((item) => item.id === id)).toMatchObject({ state: 'running', status: 0 });

    let text = '';
    for await (const event of messages)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe('ok');
    await waitFor(() => liveEventsOf(stream.events, id).some((event) => event.event === 'traceFinished'));
    stream.close();

    const live = liveEventsOf(stream.events, id);
    expect(live[0]!.event).toBe('traceStarted');
    expect(live.at(-1)!.event).toBe('traceFinished');
    expect(live.filter((event) => event.event === 'traceFinished')).toHaveLength(1);
    const updates = live.filter((event) => event.event === 'traceUpdated').map((event) => event.data);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const withHeaders = updates.find((update) => update.attempts[0]?.headersAt !== undefined);
    expect(withHeaders?.attempts[0]).toMatchObject({ providerId: 'slow', model: 'm1', status: 200 });
    expect(withHeaders!.attempts[0]!.headersAt!).toBeGreaterThanOrEqual(withHeaders!.attempts[0]!.startedAt);
    expect(updates.some((update) => update.phase === 'streaming' && update.timings.firstTokenAt)).toBe(true);
    // Throttled: ~10 a second at most, for a stream that ran well under two seconds.
    expect(updates.length).toBeLessThanOrEqual(20);
    const finished = live.at(-1)!.data as EventPayload<'traceFinished'>;
    expect(finished).toMatchObject({
      state: 'done',
      status: 200,
      usage: { inputTokens: 7, outputTokens: 2 },
    });
    // Not written as it ran: only the finished row is in the database.
    await waitFor(() => running.engine.store().queries.getTrace(id) !== undefined);
    expect(running.engine.store().queries.getTrace(id)?.state).toBe('done');
  });

  it('a failover shows both attempts live, the failed one with its status', async () => {
    const stream = await openEvents(running.url, running.token);
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ais-failover', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-x', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const id = response.headers.get('x-request-id')!;
    await response.text();
    await waitFor(() => liveEventsOf(stream.events, id).some((event) => event.event === 'traceFinished'));
    stream.close();
    const updates = liveEventsOf(stream.events, id)
      .filter((event) => event.event === 'traceUpdated')
      .map((event) => event.data as EventPayload<'traceUpdated'>);
    const last = updates.at(-1)!;
    expect(last.attempts.map((attempt) => [attempt.providerId, attempt.status])).toEqual([
      ['failing', 500],
      ['slow', 200],
    ]);
  });
});
