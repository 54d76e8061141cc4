import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { CallError } from '../../client/call-error';
import type { CallInput, CallOutput } from '../../client/calls';
import { EmptyState, ErrorNotice, Loading } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { formatDateTime, formatDuration, formatNumber, formatUsd } from '../../lib/format';
import { useContractClient } from '../../queries/contract-context';
import { callKey } from '../../queries/use-contract';

type StatusFilter = 'all' | 'ok' | 'error';
const PAGE_SIZE = 50;

/** The recorded requests, newest first, paged by cursor (Dashboard II makes it live and virtualised). */
export function TracesPage() {
  const { t, i18n } = useTranslation();
  const client = useContractClient();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [text, setText] = useState('');
  const filter: CallInput<'tracesList'> = {
    limit: PAGE_SIZE,
    ...(status !== 'all' && { status }),
    ...(text.trim() !== '' && { text: text.trim() }),
  };
  const traces = useInfiniteQuery<CallOutput<'tracesList'>, CallError>({
    queryKey: callKey('tracesList', filter),
    queryFn: ({ pageParam }) =>
      client.invoke('tracesList', { ...filter, ...(typeof pageParam === 'string' && { cursor: pageParam }) }),
    initialPageParam: undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = traces.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold">{t('traces.title')}</h1>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="trace-status">{t('traces.filter.status')}</Label>
          <Select value={status} onValueChange={(value) => setStatus(value as StatusFilter)}>
            <SelectTrigger id="trace-status" className="w-36">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">{t('traces.filter.all')}</SelectItem>
              <SelectItem value="ok">{t('traces.filter.ok')}</SelectItem>
              <SelectItem value="error">{t('traces.filter.error')}</SelectItem>
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="trace-text">{t('traces.filter.text')}</Label>
          <Input
            id="trace-text"
            className="w-64"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </div>
      {traces.error ? (
        <ErrorNotice message={traces.error.message} />
      ) : traces.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('traces.empty')} />
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="p-2 font-medium">
                  {t('traces.column.time')}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t('traces.column.status')}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t('traces.column.route')}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t('traces.column.model')}
                </th>
                <th scope="col" className="p-2 text-right font-medium">
                  {t('traces.column.duration')}
                </th>
                <th scope="col" className="p-2 text-right font-medium">
                  {t('traces.column.tokens')}
                </th>
                <th scope="col" className="p-2 text-right font-medium">
                  {t('traces.column.cost')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {items.map((trace) => (
                <tr key={trace.id} className="hover:bg-muted/50">
                  <td className="whitespace-nowrap p-2">
                    <Link
                      href={`/traces/${trace.id}`}
                      className="font-mono text-xs text-primary hover:underline"
                    >
                      {formatDateTime(trace.startedAt, i18n.language)}
                    </Link>
                  </td>
                  <td className="p-2">
                    <Badge
                      variant={
                        trace.status >= 400 || trace.error
                          ? 'destructive'
                          : trace.state === 'running'
                            ? 'secondary'
                            : 'success'
                      }
                    >
                      {trace.state === 'running' ? t('traces.running') : trace.status}
                    </Badge>
                  </td>
                  <td className="p-2">{trace.routeKeyLabel}</td>
                  <td className="p-2 text-xs">
                    {trace.requestedModel}
                    {trace.upstreamModel && trace.upstreamModel !== trace.requestedModel && (
                      <span className="text-muted-foreground">
                        {' '}
                        → {trace.providerId}|{trace.upstreamModel}
                      </span>
                    )}
                  </td>
                  <td className="p-2 text-right tabular-nums">
                    {trace.durationMs === undefined ? '—' : formatDuration(trace.durationMs, i18n.language)}
                  </td>
                  <td className="p-2 text-right tabular-nums">
                    {formatNumber(trace.usage.inputTokens + trace.usage.outputTokens, i18n.language)}
                  </td>
                  <td className="p-2 text-right tabular-nums">
                    {trace.costUsd === undefined ? '—' : formatUsd(trace.costUsd, i18n.language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {traces.hasNextPage && (
        <div>
          <Button
            variant="outline"
            disabled={traces.isFetchingNextPage}
            onClick={() => void traces.fetchNextPage()}
          >
            {t('traces.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
