import { Download, Pause, Play } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useLocation, useSearch } from 'wouter';
import { EmptyState, ErrorNotice, Loading } from '../../components/query-state';
import { Button } from '../../components/ui/button';
import { downloadText } from '../../lib/download-text';
import { formatNumber } from '../../lib/format';
import { useContractClient } from '../../queries/contract-context';
import { collectTraces, tracesToCsv, tracesToJsonLines } from './export-traces';
import { formatTraceFilters, parseTraceFilters, toListInput, type TraceFilters } from './trace-filters';
import { TraceFilterBar } from './trace-filter-bar';
import { TracesTable } from './traces-table';
import { useLiveTraces } from './use-live-traces';

/** Every request, newest first, live: rows appear as requests start and change in place as they go. */
export function TracesPage() {
  const { t, i18n } = useTranslation();
  const client = useContractClient();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => parseTraceFilters(search), [search]);
  const { query, items, live, setLive, missed } = useLiveTraces(filters);
  const [exporting, setExporting] = useState(false);

  const applyFilters = useCallback(
    (next: TraceFilters): void => {
      const query = formatTraceFilters(next);
      navigate(query === '' ? '/traces' : `/traces?${query}`, { replace: true });
    },
    [navigate],
  );
  const showSession = useCallback((sessionId: string) => applyFilters({ sessionId }), [applyFilters]);

  const exportAs = async (format: 'csv' | 'jsonl'): Promise<void> => {
    setExporting(true);
    try {
      const input = toListInput(filters);
      const traces = await collectTraces((cursor) =>
        client.invoke('tracesList', { ...input, limit: 200, ...(cursor !== undefined && { cursor }) }),
      );
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
      if (format === 'csv') downloadText(`ais-traces-${stamp}.csv`, tracesToCsv(traces), 'text/csv');
      else downloadText(`ais-traces-${stamp}.jsonl`, tracesToJsonLines(traces), 'application/x-ndjson');
      toast.success(t('traces.exported', { count: traces.length }));
    } catch (error) {
      toast.error(t('traces.exportFailed', { reason: (error as Error).message }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-2xl font-semibold">{t('traces.title')}</h1>
        <span className="text-xs text-muted-foreground" role="status" data-testid="traces-count">
          {live ? t('traces.liveOn') : t('traces.paused', { count: missed })}
          {' · '}
          {t('traces.loaded', { formatted: formatNumber(items.length, i18n.language) })}
        </span>
        <Button variant="outline" size="sm" aria-pressed={!live} onClick={() => setLive(!live)}>
          {live ? <Pause aria-hidden /> : <Play aria-hidden />}
          {live ? t('traces.pause') : t('traces.resume')}
        </Button>
        <Button variant="outline" size="sm" disabled={exporting} onClick={() => void exportAs('csv')}>
          <Download aria-hidden />
          {t('traces.exportCsv')}
        </Button>
        <Button variant="outline" size="sm" disabled={exporting} onClick={() => void exportAs('jsonl')}>
          <Download aria-hidden />
          {t('traces.exportJsonl')}
        </Button>
      </div>
      <TraceFilterBar filters={filters} onChange={applyFilters} />
      {query.error ? (
        <ErrorNotice message={query.error.message} />
      ) : query.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={Object.keys(filters).length > 0 ? t('traces.noMatch') : t('traces.empty')} />
      ) : (
        <TracesTable
          items={items}
          hasNextPage={query.hasNextPage}
          fetchingNextPage={query.isFetchingNextPage}
          fetchNextPage={() => void query.fetchNextPage()}
          onSameSession={showSession}
        />
      )}
    </div>
  );
}
