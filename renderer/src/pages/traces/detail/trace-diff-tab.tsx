import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/query-state';
import { Label } from '../../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../../components/ui/select';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { BodiesNotCaptured } from './bodies-not-captured';
import { computeBodyDiff, type BodyDiff } from './compute-body-diff';
import type { TraceDetail } from './use-trace-detail';

/** Bodies bigger than this together are diffed in a worker (CCR's log-body worker threshold). */
const WORKER_THRESHOLD_CHARS = 256 * 1024;
const LINE_HEIGHT = 18;

const PAIRS = {
  request: ['clientRequest', 'upstreamRequest'],
  response: ['upstreamResponse', 'clientResponse'],
} as const;
type Pair = keyof typeof PAIRS;

let nextJobId = 0;

function useBodyDiff(left: string | undefined, right: string | undefined): BodyDiff | undefined {
  const [diff, setDiff] = useState<BodyDiff | undefined>();
  useEffect(() => {
    setDiff(undefined);
    if (left === undefined || right === undefined) return;
    if (left.length + right.length < WORKER_THRESHOLD_CHARS) {
      setDiff(computeBodyDiff(left, right));
      return;
    }
    const worker = new Worker(new URL('./diff-worker.ts', import.meta.url), { type: 'module' });
    const id = ++nextJobId;
    worker.onmessage = (event: MessageEvent<{ id: number; diff: BodyDiff }>) => {
      if (event.data.id === id) setDiff(event.data.diff);
      worker.terminate();
    };
    worker.postMessage({ id, left, right });
    return () => worker.terminate();
  }, [left, right]);
  return diff;
}

function DiffLines(props: { diff: BodyDiff; label: string }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.diff.lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
  });
  return (
    <div
      ref={scrollRef}
      className="h-[32rem] overflow-auto rounded-md border bg-muted/30 font-mono text-xs"
      tabIndex={0}
      role="region"
      aria-label={props.label}
      data-testid="diff-lines"
    >
      <div className="relative min-w-max" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const line = props.diff.lines[row.index];
          if (!line) return null;
          return (
            <div
              key={row.key}
              data-kind={line.kind}
              className={cn(
                'absolute left-0 right-0 flex whitespace-pre',
                line.kind === 'added' && 'bg-success/15',
                line.kind === 'removed' && 'bg-destructive/15',
                line.kind === 'fold' && 'bg-muted text-muted-foreground',
              )}
              style={{ top: row.start, height: LINE_HEIGHT }}
            >
              {line.kind === 'fold' ? (
                <span className="px-2">{t('traces.diff.folded', { count: line.count })}</span>
              ) : (
                <>
                  <span className="w-12 shrink-0 select-none pr-1 text-right text-muted-foreground">
                    {line.left ?? ''}
                  </span>
                  <span className="w-12 shrink-0 select-none pr-1 text-right text-muted-foreground">
                    {line.right ?? ''}
                  </span>
                  <span className="w-4 shrink-0 select-none text-center" aria-hidden>
                    {line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}
                  </span>
                  <span className="pr-4">{line.text}</span>
                </>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Client request ⇄ upstream request, or upstream response ⇄ client response: what the conversion changed. */
export default function TraceDiffTab(props: { detail: TraceDetail }) {
  const { t, i18n } = useTranslation();
  const { bodies } = props.detail;
  const [pair, setPair] = useState<Pair>('request');
  const [leftKind, rightKind] = PAIRS[pair];
  const left = bodies[leftKind];
  const right = bodies[rightKind];
  const diff = useBodyDiff(
    left && !left.binary ? left.content : undefined,
    right && !right.binary ? right.content : undefined,
  );
  const label = `${t(`traces.body.${leftKind}`)} ⇄ ${t(`traces.body.${rightKind}`)}`;
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="diff-pair" className="text-xs">
            {t('traces.diff.compare')}
          </Label>
          <Select value={pair} onValueChange={(value) => setPair(value as Pair)}>
            <SelectTrigger id="diff-pair" className="h-8 w-80 text-xs">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(Object.keys(PAIRS) as Pair[]).map((option) => (
                <SelectItem key={option} value={option}>
                  {t(`traces.body.${PAIRS[option][0]}`)} ⇄ {t(`traces.body.${PAIRS[option][1]}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {diff && !diff.timedOut && (
          <span className="text-xs" data-testid="diff-stats">
            <span className="text-destructive">−{formatNumber(diff.removed, i18n.language)}</span>{' '}
            <span className="text-success">+{formatNumber(diff.added, i18n.language)}</span>{' '}
            <span className="text-muted-foreground">{t(`traces.diff.mode.${diff.mode}`)}</span>
          </span>
        )}
      </div>
      {!left || !right ? (
        Object.keys(bodies).length === 0 ? (
          <BodiesNotCaptured failed={props.detail.status >= 400 || props.detail.error !== undefined} />
        ) : (
          <p className="text-sm text-muted-foreground">{t('traces.diff.missing')}</p>
        )
      ) : !diff ? (
        <Loading />
      ) : diff.timedOut ? (
        <p className="text-sm text-muted-foreground">{t('traces.diff.timedOut')}</p>
      ) : diff.added === 0 && diff.removed === 0 ? (
        <p className="text-sm text-muted-foreground">{t('traces.diff.same')}</p>
      ) : (
        <DiffLines diff={diff} label={label} />
      )}
    </div>
  );
}
