import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../main/core/protocols/canonical';
import { createLargeBodyGate, LARGE_BODY_BYTES } from '../../main/core/proxy/large-body-gate';

const MB = 2 ** 20;

describe('the large-body gate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const gateOf = (budgetMb: number, maxWaitMs = 1_000) =>
    createLargeBodyGate(() => ({ budgetBytes: budgetMb * MB, maxWaitMs }));

  it('admits small bodies at once and counts them, whatever is held', () => {
    const gate = gateOf(1);
    const big = gate.tryAdmit(50 * MB);
    const small = gate.tryAdmit(LARGE_BODY_BYTES - 1);
    expect(big).toBeTypeOf('function');
    expect(small).toBeTypeOf('function');
    expect(gate.stats().heldBytes).toBe(50 * MB + LARGE_BODY_BYTES - 1);
    small!();
    big!();
    expect(gate.stats()).toEqual({ heldBytes: 0, waiting: 0 });
  });

  it('always lets a lone large body through, however far over the budget', () => {
    const gate = gateOf(10);
    // Small bodies in flight do not keep a large one out when it would be the only large one.
    const small = gate.tryAdmit(900 * 1024);
    expect(gate.tryAdmit(60 * MB)).toBeTypeOf('function');
    small!();
  });

  it('admits a second large body that fits beside the first, and queues one that does not', async () => {
    const gate = gateOf(10);
    const first = gate.tryAdmit(4 * MB)!;
    const fits = gate.tryAdmit(5 * MB);
    expect(fits).toBeTypeOf('function');
    expect(gate.tryAdmit(2 * MB)).toBeUndefined();
    const waiting = gate.waitFor(2 * MB);
    expect(gate.stats().waiting).toBe(1);
    first();
    const release = await waiting;
    expect(gate.stats()).toEqual({ heldBytes: 7 * MB, waiting: 0 });
    release();
    fits!();
    expect(gate.stats().heldBytes).toBe(0);
  });

  it('serves waiters first come, first served: a smaller one does not overtake', async () => {
    const gate = gateOf(10);
    const held = gate.tryAdmit(8 * MB)!;
    const order: string[] = [];
    const big = gate.waitFor(9 * MB).then((release) => (order.push('big'), release));
    // 2 MB would fit now, but a body is queued before it.
    expect(gate.tryAdmit(2 * MB)).toBeUndefined();
    const small = gate.waitFor(2 * MB).then((release) => (order.push('small'), release));
    held();
    const releaseBig = await big;
    // 9 + 2 MB is over the budget: the small one waits for the big one.
    expect(gate.stats().waiting).toBe(1);
    releaseBig();
    const releaseSmall = await small;
    expect(order).toEqual(['big', 'small']);
    releaseSmall();
  });

  it('refuses after the wait with a 503 overloaded error that says why and when to retry', async () => {
    const gate = gateOf(10, 60_000);
    const held = gate.tryAdmit(8 * MB)!;
    const waiting = gate.waitFor(6 * MB);
    const outcome = waiting.then(
      () => 'admitted',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(gate.stats().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await outcome) as ProtocolError;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.error).toMatchObject({ kind: 'overloaded', status: 503, retryAfter: 5 });
    expect(error.message).toMatch(/busy with 8\.0 MB of large request bodies \(budget 10\.0 MB/);
    expect(error.message).toMatch(/this 6\.0 MB request waited 60 s/);
    expect(gate.stats().waiting).toBe(0);
    held();
    expect(gate.stats().heldBytes).toBe(0);
  });

  it('lets the next waiter in when the one ahead of it gives up', async () => {
    const gate = gateOf(10);
    const held = gate.tryAdmit(4 * MB)!;
    const leaving = new AbortController();
    const first = gate.waitFor(9 * MB, leaving.signal).catch((error: unknown) => error);
    const second = gate.waitFor(3 * MB);
    leaving.abort(new Error('client went away'));
    expect(((await first) as Error).message).toBe('client went away');
    const release = await second;
    expect(gate.stats()).toEqual({ heldBytes: 7 * MB, waiting: 0 });
    release();
    held();
  });

  it('rejects at once for a signal already aborted, and a release counts once', async () => {
    const gate = gateOf(1);
    const held = gate.tryAdmit(2 * MB)!;
    const aborted = AbortSignal.abort(new Error('gone'));
    await expect(gate.waitFor(2 * MB, aborted)).rejects.toThrow('gone');
    expect(gate.stats().waiting).toBe(0);
    held();
    held();
    expect(gate.stats().heldBytes).toBe(0);
  });

  it('reads its limits on every decision, so a reload takes effect for the next body', () => {
    let budgetMb = 4;
    const gate = createLargeBodyGate(() => ({ budgetBytes: budgetMb * MB, maxWaitMs: 1_000 }));
    const held = gate.tryAdmit(3 * MB)!;
    expect(gate.tryAdmit(2 * MB)).toBeUndefined();
    budgetMb = 8;
    expect(gate.tryAdmit(2 * MB)).toBeTypeOf('function');
    held();
  });

  it('a reservation holds the bytes that arrived, not more; two growing bodies never wait on each other', async () => {
    const gate = gateOf(3);
    const first = gate.reserve();
    const second = gate.reserve();
    expect(first.grow(MB)).toBeUndefined();
    expect(gate.stats().heldBytes).toBe(MB);
    expect(second.grow(MB)).toBeUndefined();
    // Over the budget: the newer one waits, the oldest large body keeps growing.
    expect(first.grow(MB)).toBeUndefined();
    const waiting = second.grow(MB);
    expect(waiting).toBeInstanceOf(Promise);
    expect(first.grow(MB)).toBeUndefined();
    expect(gate.stats()).toEqual({ heldBytes: 4 * MB, waiting: 1 });
    first.release();
    await waiting;
    expect(gate.stats()).toEqual({ heldBytes: 2 * MB, waiting: 0 });
    second.release();
    expect(gate.stats().heldBytes).toBe(0);
  });
});
