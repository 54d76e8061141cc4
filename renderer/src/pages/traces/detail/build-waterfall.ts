import type { TraceAttempt } from './use-trace-detail';

export type SegmentKind = 'routing' | 'connect' | 'waiting' | 'streaming' | 'failed' | 'total';

export interface WaterfallSegment {
  kind: SegmentKind;
  /** Milliseconds from the request's arrival. */
  startMs: number;
  endMs: number;
  /** Still growing: the request is running and this phase has not ended. */
  open: boolean;
}

export interface WaterfallLane {
  laneId: string;
  kind: 'request' | 'attempt';
  /** 1-based attempt number; 0 for the request's own lane. */
  attempt: number;
  providerId?: string;
  model?: string;
  keyIndex?: number;
  status?: number;
  error?: string;
  segments: WaterfallSegment[];
  /** Points on the lane: the first byte or token. */
  markers: { kind: 'firstToken' | 'headers'; atMs: number }[];
}

export interface Waterfall {
  /** The axis: 0 … `totalMs`. */
  totalMs: number;
  lanes: WaterfallLane[];
}

/**
 * The phases of one request on one time axis (jaeger-ui's model): the
 * request's lane (routing, then waiting on upstream until the client got its
 * last byte), then one lane per attempt (connect → headers → first byte →
 * last byte, or the failure). `now` ends the phases of a running request.
 */
export function buildWaterfall(input: {
  timings: Record<string, number>;
  attempts: readonly TraceAttempt[];
  startedAt: number;
  running: boolean;
  now: number;
  /** The finished request's duration: the end when the timings at hand stop short (the event before the stored trace). */
  durationMs?: number;
}): Waterfall {
  const { timings, attempts, running, now } = input;
  const origin = timings.receivedAt ?? input.startedAt;
  const at = (epochMs: number | undefined): number | undefined =>
    epochMs === undefined ? undefined : Math.max(0, epochMs - origin);
  const end =
    timings.clientDoneAt ??
    (input.durationMs === undefined ? undefined : origin + input.durationMs) ??
    timings.lastByteAt ??
    (running ? now : undefined) ??
    lastAttemptEnd(attempts) ??
    origin;
  const totalMs = Math.max(
    1,
    end - origin,
    ...attempts.map((attempt) => (attempt.endedAt ?? (running ? now : attempt.startedAt)) - origin),
  );

  const requestSegments: WaterfallSegment[] = [];
  const routedMs = at(timings.routedAt);
  if (routedMs !== undefined)
    requestSegments.push({ kind: 'routing', startMs: 0, endMs: routedMs, open: false });
  const requestEnd = at(timings.clientDoneAt ?? timings.lastByteAt);
  requestSegments.push({
    kind: 'total',
    startMs: routedMs ?? 0,
    endMs: requestEnd ?? totalMs,
    open: running && requestEnd === undefined,
  });
  const requestLane: WaterfallLane = {
    laneId: 'request',
    kind: 'request',
    attempt: 0,
    segments: requestSegments,
    markers:
      at(timings.firstTokenAt) === undefined
        ? []
        : [{ kind: 'firstToken', atMs: at(timings.firstTokenAt) ?? 0 }],
  };

  const attemptLanes = attempts.map((attempt, index): WaterfallLane => {
    const failed = attempt.error !== undefined || (attempt.status !== undefined && attempt.status >= 400);
    // A stored attempt ends at its answer's headers; the answering one's body is the request's first token → last byte.
    const answering = !failed && index === attempts.length - 1;
    const startMs = at(attempt.startedAt) ?? 0;
    const headersMs = at(attempt.headersAt);
    const firstByteMs = at(attempt.firstByteAt ?? (answering ? timings.firstTokenAt : undefined));
    const lastByte =
      answering && timings.lastByteAt !== undefined
        ? Math.max(timings.lastByteAt, attempt.endedAt ?? 0)
        : attempt.endedAt;
    const ended = lastByte !== undefined;
    const endMs = at(lastByte) ?? (running ? totalMs : (headersMs ?? startMs));
    const segments: WaterfallSegment[] = [];
    const connectEnd = headersMs ?? endMs;
    segments.push({
      kind: failed ? 'failed' : 'connect',
      startMs,
      endMs: connectEnd,
      open: !ended && headersMs === undefined,
    });
    if (headersMs !== undefined) {
      const waitEnd = firstByteMs ?? endMs;
      segments.push({
        kind: failed ? 'failed' : 'waiting',
        startMs: headersMs,
        endMs: waitEnd,
        open: !ended && firstByteMs === undefined,
      });
      if (firstByteMs !== undefined)
        segments.push({ kind: failed ? 'failed' : 'streaming', startMs: firstByteMs, endMs, open: !ended });
    }
    const markers: WaterfallLane['markers'] = [];
    if (headersMs !== undefined) markers.push({ kind: 'headers', atMs: headersMs });
    if (firstByteMs !== undefined) markers.push({ kind: 'firstToken', atMs: firstByteMs });
    return {
      laneId: `attempt-${index}`,
      kind: 'attempt',
      attempt: index + 1,
      providerId: attempt.providerId,
      ...(attempt.model !== undefined && { model: attempt.model }),
      keyIndex: attempt.keyIndex,
      ...(attempt.status !== undefined && { status: attempt.status }),
      ...(attempt.error !== undefined && { error: attempt.error }),
      segments,
      markers,
    };
  });
  return { totalMs, lanes: [requestLane, ...attemptLanes] };
}

function lastAttemptEnd(attempts: readonly TraceAttempt[]): number | undefined {
  const ends = attempts.flatMap((attempt) => (attempt.endedAt === undefined ? [] : [attempt.endedAt]));
  return ends.length === 0 ? undefined : Math.max(...ends);
}

/** A time as a share of the axis, for `left` / `width` in % (jaeger's viewed bounds). */
export function toRatio(ms: number, totalMs: number): number {
  return Math.min(1, Math.max(0, ms / totalMs));
}

/** Evenly spaced tick times on a "nice" step (1, 2, 5 × 10ⁿ ms), at most `maxTicks` of them. */
export function buildTicks(totalMs: number, maxTicks: number): number[] {
  const count = Math.max(1, maxTicks);
  const rough = totalMs / count;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-3)));
  const step =
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let tick = 0; tick <= totalMs + 1e-9; tick += step) ticks.push(Math.round(tick * 1000) / 1000);
  return ticks;
}
