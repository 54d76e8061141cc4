import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { cn } from '../../../lib/cn';
import { formatDuration } from '../../../lib/format';
import { buildTicks, buildWaterfall, toRatio, type SegmentKind } from './build-waterfall';
import type { TraceAttempt } from './use-trace-detail';

/** Tick labels closer than this would collide (jaeger's Ticks.tsx). */
const MIN_TICK_SPACING_PX = 130;
/** A running request's bars grow at this pace. */
const LIVE_TICK_MS = 100;

const SEGMENT_CLASSES: Record<SegmentKind, string> = {
  routing: 'bg-muted-foreground/50',
  total: 'bg-primary/25',
  connect: 'bg-sky-500/70',
  waiting: 'bg-amber-500/70',
  streaming: 'bg-success/80',
  failed: 'bg-destructive/80',
};

function useWidth<Element extends HTMLElement>(): [React.RefObject<Element | null>, number] {
  const ref = useRef<Element>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Received → routed → each attempt, on one time axis; redrawn as a running request goes on. */
export function TraceWaterfall(props: {
  timings: Record<string, number>;
  attempts: readonly TraceAttempt[];
  startedAt: number;
  running: boolean;
  durationMs?: number;
}) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!props.running) return;
    const timer = setInterval(() => setNow(Date.now()), LIVE_TICK_MS);
    return () => clearInterval(timer);
  }, [props.running]);
  const [axisRef, axisWidth] = useWidth<HTMLDivElement>();
  const waterfall = buildWaterfall({ ...props, now });
  const ticks = buildTicks(waterfall.totalMs, Math.floor(axisWidth / MIN_TICK_SPACING_PX));
  const language = i18n.language;

  return (
    <div className="grid gap-3" data-testid="waterfall" data-total-ms={Math.round(waterfall.totalMs)}>
      <div className="grid grid-cols-[minmax(10rem,16rem)_1fr] gap-x-3 text-xs">
        <div />
        <div ref={axisRef} className="relative h-5 border-b text-muted-foreground" aria-hidden>
          {ticks.map((tick) => (
            <span
              key={tick}
              className="absolute -translate-x-1/2 whitespace-nowrap tabular-nums first:translate-x-0"
              style={{ left: `${toRatio(tick, waterfall.totalMs) * 100}%` }}
            >
              {formatDuration(tick, language)}
            </span>
          ))}
        </div>
        {waterfall.lanes.map((lane) => {
          const duration =
            lane.segments.reduce((longest, segment) => Math.max(longest, segment.endMs), 0) -
            (lane.segments[0]?.startMs ?? 0);
          const label =
            lane.kind === 'request'
              ? t('traces.waterfall.request')
              : t('traces.waterfall.attempt', {
                  number: lane.attempt,
                  provider: lane.providerId ?? '',
                });
          return (
            <div
              key={lane.laneId}
              className="col-span-2 grid grid-cols-subgrid"
              data-testid={`lane-${lane.laneId}`}
            >
              <div className="flex min-w-0 flex-col justify-center gap-0.5 border-b py-2">
                <span className="flex items-center gap-1.5 font-medium">
                  <span className="truncate">{label}</span>
                  {lane.status !== undefined && (
                    <Badge variant={lane.status >= 400 || lane.error ? 'destructive' : 'success'}>
                      {lane.status}
                    </Badge>
                  )}
                </span>
                {lane.kind === 'attempt' && (
                  <span className="truncate text-muted-foreground">
                    {lane.model ?? ''}
                    {lane.model ? ' · ' : ''}
                    {t('traces.waterfall.key', { index: lane.keyIndex ?? 0 })}
                  </span>
                )}
              </div>
              <div className="relative min-h-10 border-b py-2">
                {ticks.map((tick) => (
                  <span
                    key={tick}
                    aria-hidden
                    className="absolute inset-y-0 w-px bg-border"
                    style={{ left: `${toRatio(tick, waterfall.totalMs) * 100}%` }}
                  />
                ))}
                <div
                  className="relative h-4"
                  role="img"
                  aria-label={`${label}: ${formatDuration(Math.max(0, duration), language)}${lane.error ? ` — ${lane.error}` : ''}`}
                >
                  {lane.segments.map((segment, index) => (
                    <span
                      key={index}
                      data-kind={segment.kind}
                      title={`${t(`traces.waterfall.phase.${segment.kind}`)}: ${formatDuration(segment.endMs - segment.startMs, language)}`}
                      className={cn(
                        'absolute inset-y-0 min-w-[2px] rounded-sm',
                        SEGMENT_CLASSES[segment.kind],
                        segment.open && 'animate-pulse',
                      )}
                      style={{
                        left: `${toRatio(segment.startMs, waterfall.totalMs) * 100}%`,
                        width: `${(toRatio(segment.endMs, waterfall.totalMs) - toRatio(segment.startMs, waterfall.totalMs)) * 100}%`,
                      }}
                    />
                  ))}
                  {lane.markers.map((marker) => (
                    <span
                      key={marker.kind}
                      aria-hidden
                      title={`${t(`traces.waterfall.marker.${marker.kind}`)}: ${formatDuration(marker.atMs, language)}`}
                      className="absolute -inset-y-1 w-0.5 bg-foreground"
                      style={{ left: `${toRatio(marker.atMs, waterfall.totalMs) * 100}%` }}
                    />
                  ))}
                </div>
                {lane.error && <p className="mt-1 text-destructive">{lane.error}</p>}
              </div>
            </div>
          );
        })}
      </div>
      <ul
        className="flex flex-wrap gap-3 text-xs text-muted-foreground"
        aria-label={t('traces.waterfall.legend')}
      >
        {(['routing', 'connect', 'waiting', 'streaming', 'failed'] as const).map((kind) => (
          <li key={kind} className="flex items-center gap-1.5">
            <span className={cn('inline-block size-3 rounded-sm', SEGMENT_CLASSES[kind])} aria-hidden />
            {t(`traces.waterfall.phase.${kind}`)}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-0.5 bg-foreground" aria-hidden />
          {t('traces.waterfall.marker.firstToken')}
        </li>
      </ul>
    </div>
  );
}
