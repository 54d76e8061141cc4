import { useVirtualizer } from '@tanstack/react-virtual';
import { Link2 } from 'lucide-react';
import { memo, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { Button } from '../../components/ui/button';
import { formatCompact, formatDuration, formatUsd } from '../../lib/format';
import { TraceStatusBadge } from './trace-status-badge';
import type { TraceSummary } from './trace-filters';

const ROW_HEIGHT = 37;
/** Rows drawn beyond the visible ones, so a fast scroll does not show blanks. */
const OVERSCAN_ROWS = 12;
/** Ask for the next page this many rows before the loaded ones run out. */
const PREFETCH_ROWS = 60;

const COLUMNS = [
  'time',
  'client',
  'route',
  'model',
  'provider',
  'scene',
  'status',
  'duration',
  'firstToken',
  'tokens',
  'cost',
  'attempts',
  'warnings',
] as const;
const NUMERIC = new Set<string>(['duration', 'firstToken', 'tokens', 'cost', 'attempts', 'warnings']);

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function formatRowTime(epochMs: number, language: string): string {
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    timeFormats.set(language, format);
  }
  return format.format(epochMs);
}

/**
 * The trace list, virtualised: only the rows in view (plus overscan) exist in
 * the DOM, keyed by trace id so a row updated or inserted live keeps its
 * element. Spacer rows above and below keep the real <table> semantics.
 */
export function TracesTable(props: {
  items: readonly TraceSummary[];
  hasNextPage: boolean;
  fetchingNextPage: boolean;
  fetchNextPage(): void;
  onSameSession(sessionId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items } = props;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN_ROWS,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? 0;

  const { hasNextPage, fetchingNextPage, fetchNextPage } = props;
  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastIndex >= items.length - PREFETCH_ROWS) fetchNextPage();
  }, [hasNextPage, fetchingNextPage, fetchNextPage, lastIndex, items.length]);

  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);
  const language = i18n.language;
  const openTrace = useCallback((id: string) => navigate(`/traces/${id}`), [navigate]);

  return (
    <div
      ref={scrollRef}
      className="h-[calc(100vh-17rem)] min-h-80 overflow-auto rounded-lg border bg-card"
      data-testid="traces-scroll"
      tabIndex={0}
      role="region"
      aria-label={t('traces.listLabel')}
    >
      <table className="w-full min-w-[1020px] table-fixed text-xs" aria-rowcount={items.length + 1}>
        <colgroup>
          <col className="w-[126px]" />
          <col className="w-[98px]" />
          <col className="w-[76px]" />
          {/* The models take what the fixed columns leave. */}
          <col />
          <col className="w-[72px]" />
          <col className="w-[60px]" />
          <col className="w-[64px]" />
          <col className="w-[62px]" />
          <col className="w-[62px]" />
          <col className="w-[100px]" />
          <col className="w-[68px]" />
          <col className="w-[40px]" />
          <col className="w-[48px]" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-card shadow-[0_1px_0_var(--border)]">
          <tr className="text-left text-[11px] uppercase tracking-wide text-muted-foreground">
            {COLUMNS.map((column) => (
              <th
                key={column}
                scope="col"
                className={`p-2 align-bottom font-medium leading-tight ${NUMERIC.has(column) ? 'text-right' : ''}`}
                title={t(`traces.column.${column}`)}
              >
                {t(`traces.column.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
            </tr>
          )}
          {virtualRows.map((virtualRow) => {
            const trace = items[virtualRow.index];
            return trace ? (
              <TraceRow
                key={virtualRow.key}
                trace={trace}
                rowIndex={virtualRow.index}
                language={language}
                onOpen={openTrace}
                onSameSession={props.onSameSession}
              />
            ) : null;
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {props.fetchingNextPage && (
        <p role="status" className="p-2 text-center text-xs text-muted-foreground">
          {t('common.loading')}
        </p>
      )}
    </div>
  );
}

/**
 * One row; memoised so a scroll frame re-renders only the rows that came into
 * view (rows keep their object until an event changes that trace).
 */
const TraceRow = memo(function TraceRow(props: {
  trace: TraceSummary;
  rowIndex: number;
  language: string;
  onOpen(id: string): void;
  onSameSession(sessionId: string): void;
}) {
  const { t } = useTranslation();
  const { trace, rowIndex, language, onOpen, onSameSession } = props;
  const usage = trace.usage;
  const upstream = trace.upstreamModel && trace.upstreamModel !== trace.requestedModel;
  return (
    <tr
      data-trace-id={trace.id}
      data-state={trace.state}
      aria-rowindex={rowIndex + 2}
      className="h-[37px] cursor-pointer border-b border-border/60 hover:bg-muted/50"
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('a,button')) return;
        onOpen(trace.id);
      }}
    >
      <td className="truncate px-2 font-mono tabular-nums">
        <Link href={`/traces/${trace.id}`} className="text-primary hover:underline">
          {formatRowTime(trace.startedAt, language)}
        </Link>
      </td>
      <td className="truncate px-2" title={trace.client}>
        {trace.client}
      </td>
      <td className="truncate px-2" title={trace.routeKeyLabel}>
        {trace.routeKeyLabel}
      </td>
      <td
        className="truncate px-2"
        title={upstream ? `${trace.requestedModel} → ${trace.upstreamModel}` : trace.requestedModel}
      >
        {trace.requestedModel}
        {upstream && <span className="text-muted-foreground"> → {trace.upstreamModel}</span>}
      </td>
      <td className="truncate px-2">{trace.providerId ?? '—'}</td>
      <td className="truncate px-2">{trace.scene ? t(`routes.scene.${trace.scene}`) : '—'}</td>
      <td className="px-2">
        <TraceStatusBadge trace={trace} />
      </td>
      <td className="px-2 text-right tabular-nums">
        {trace.durationMs === undefined ? '—' : formatDuration(trace.durationMs, language)}
      </td>
      <td className="px-2 text-right tabular-nums">
        {trace.firstTokenMs === undefined ? '—' : formatDuration(trace.firstTokenMs, language)}
      </td>
      <td
        className="truncate px-2 text-right tabular-nums"
        title={t('traces.tokensTitle', {
          input: usage.inputTokens,
          output: usage.outputTokens,
          cacheRead: usage.cacheReadTokens,
          cacheWrite: usage.cacheWriteTokens,
        })}
      >
        {formatCompact(usage.inputTokens, language)} / {formatCompact(usage.outputTokens, language)}
        <span className="text-muted-foreground">
          {' '}
          / {formatCompact(usage.cacheReadTokens, language)} /{' '}
          {formatCompact(usage.cacheWriteTokens, language)}
        </span>
      </td>
      <td className="px-2 text-right tabular-nums">
        {trace.costUsd === undefined ? '—' : formatUsd(trace.costUsd, language)}
      </td>
      <td className="px-2 text-right tabular-nums">{trace.attemptCount}</td>
      <td className="px-1 text-right">
        <span className="inline-flex items-center gap-1">
          {trace.warningCount > 0 && (
            <span className="tabular-nums text-warning" title={t('traces.column.warnings')}>
              {trace.warningCount}
            </span>
          )}
          {trace.sessionId && (
            <Button
              variant="ghost"
              size="icon"
              className="size-6"
              aria-label={t('traces.sameSession')}
              title={t('traces.sameSession')}
              onClick={() => onSameSession(trace.sessionId ?? '')}
            >
              <Link2 aria-hidden />
            </Button>
          )}
        </span>
      </td>
    </tr>
  );
});
