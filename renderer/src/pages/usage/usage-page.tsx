import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { EmptyState, ErrorNotice, Loading } from '../../components/query-state';
import { Card } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { formatCompact, formatNumber, formatPercent, formatUsd, localOffsetMinutes } from '../../lib/format';
import { useCall } from '../../queries/use-contract';
import { formatTraceFilters } from '../traces/trace-filters';
import { daysBetween, errorRate, fillKeys, hoursOf, sumUsage, totalTokens } from './shape-usage';
import {
  CacheHitChart,
  CostChart,
  LatencyChart,
  RequestsChart,
  StackedTokensChart,
  TokenSplitChart,
} from './usage-charts';
import { fromDateInput, rangeOf, toDateInput, type RangePreset } from './usage-range';

const GROUPS = ['day', 'provider', 'model', 'route', 'client'] as const;
type Group = (typeof GROUPS)[number];
const PRESETS: RangePreset[] = ['today', 'week', 'month', 'custom'];
const SPLITS = ['provider', 'model'] as const;
type Split = (typeof SPLITS)[number];
const DAY_MS = 24 * 60 * 60 * 1000;

function readParameters(search: string) {
  const parameters = new URLSearchParams(search);
  const preset = (PRESETS as string[]).includes(parameters.get('range') ?? '')
    ? (parameters.get('range') as RangePreset)
    : 'week';
  const group = (GROUPS as readonly string[]).includes(parameters.get('group') ?? '')
    ? (parameters.get('group') as Group)
    : 'day';
  const split = parameters.get('split') === 'model' ? 'model' : ('provider' as Split);
  const today = Date.now();
  const customFrom = fromDateInput(parameters.get('from') ?? '') ?? today - 6 * DAY_MS;
  const customTo = fromDateInput(parameters.get('to') ?? '') ?? today;
  return { preset, group, split, custom: { from: customFrom, to: customTo } };
}

/** Tokens, cost, requests and latency over a range (today, 7 or 30 days, custom), with the numbers under each chart. */
export default function UsagePage() {
  const { t, i18n } = useTranslation();
  const search = useSearch();
  const [, navigate] = useLocation();
  const { preset, group, split, custom } = readParameters(search);
  const { from, to } = useMemo(() => rangeOf(preset, custom), [preset, custom.from, custom.to]);
  const update = (changes: Record<string, string>): void => {
    const parameters = new URLSearchParams(search);
    for (const [name, value] of Object.entries(changes)) parameters.set(name, value);
    navigate(`/usage?${parameters.toString()}`, { replace: true });
  };

  // One day reads by the hour; longer ranges by the day.
  const bucket = preset === 'today' || to - from < DAY_MS ? 'hour' : 'day';
  const timeKeys = useMemo(
    () => (bucket === 'hour' ? hoursOf(from) : daysBetween(from, to)),
    [bucket, from, to],
  );
  const tzOffsetMinutes = localOffsetMinutes();
  const base = { from, to, tzOffsetMinutes };
  const overTime = useCall('usageStats', { ...base, groupBy: bucket });
  const splitOverTime = useCall('usageStats', { ...base, groupBy: bucket, splitBy: split });
  const grouped = useCall(
    'usageStats',
    { ...base, groupBy: group === 'day' ? bucket : group },
    { enabled: group !== 'day' },
  );
  const latency = useCall('latencyStats', { from, to, groupBy: 'provider' });

  const timeRows = useMemo(() => fillKeys(overTime.data?.rows ?? [], timeKeys), [overTime.data, timeKeys]);
  const groupRows = group === 'day' ? timeRows : (grouped.data?.rows ?? []);
  const groupLabel = group === 'day' ? t(`usage.groups.${bucket}`) : t(`usage.groups.${group}`);
  const timeLabel = t(`usage.groups.${bucket}`);
  const totals = sumUsage(overTime.data?.rows ?? []);
  const language = i18n.language;
  const error = overTime.error ?? splitOverTime.error ?? grouped.error ?? latency.error;

  const figures = [
    { id: 'requests', label: t('usage.requests'), value: formatNumber(totals.requests, language) },
    {
      id: 'errorRate',
      label: t('usage.errorRate'),
      value: totals.requests === 0 ? '—' : formatPercent(errorRate(totals) ?? 0, language),
    },
    {
      id: 'tokens',
      label: t('usage.tokens'),
      value: formatCompact(totalTokens(totals), language),
      exact: formatNumber(totalTokens(totals), language),
    },
    { id: 'cost', label: t('usage.cost'), value: formatUsd(totals.costUsd, language) },
    {
      // Cache hits spent nothing (they are in none of the figures above but requests): what they saved.
      id: 'saved',
      label: t('usage.saved'),
      value: formatUsd(totals.savedCostUsd, language),
      detail:
        totals.cacheHits === 0
          ? t('usage.savedNone')
          : t('usage.savedDetail', {
              hits: formatNumber(totals.cacheHits, language),
              tokens: formatCompact(totals.savedInputTokens + totals.savedOutputTokens, language),
            }),
      exact: formatNumber(totals.savedInputTokens + totals.savedOutputTokens, language),
    },
  ];

  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold">{t('usage.title')}</h1>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="usage-range">{t('usage.range')}</Label>
          <Select value={preset} onValueChange={(value) => update({ range: value })}>
            <SelectTrigger id="usage-range" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PRESETS.map((key) => (
                <SelectItem key={key} value={key}>
                  {t(`usage.ranges.${key}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {preset === 'custom' && (
          <>
            <div className="grid gap-1.5">
              <Label htmlFor="usage-from">{t('usage.from')}</Label>
              <Input
                id="usage-from"
                type="date"
                className="w-40"
                value={toDateInput(custom.from)}
                onChange={(event) => event.target.value && update({ from: event.target.value })}
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="usage-to">{t('usage.to')}</Label>
              <Input
                id="usage-to"
                type="date"
                className="w-40"
                value={toDateInput(custom.to)}
                onChange={(event) => event.target.value && update({ to: event.target.value })}
              />
            </div>
          </>
        )}
        <div className="grid gap-1.5">
          <Label htmlFor="usage-group">{t('usage.groupBy')}</Label>
          <Select value={group} onValueChange={(value) => update({ group: value })}>
            <SelectTrigger id="usage-group" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {GROUPS.map((key) => (
                <SelectItem key={key} value={key}>
                  {t(`usage.groups.${key}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="usage-split">{t('usage.stackBy')}</Label>
          <Select value={split} onValueChange={(value) => update({ split: value })}>
            <SelectTrigger id="usage-split" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {SPLITS.map((key) => (
                <SelectItem key={key} value={key}>
                  {t(`usage.groups.${key}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <Link
          href={`/traces?${formatTraceFilters({ from, to: to + 1 })}`}
          className="pb-2 text-sm text-primary underline-offset-4 hover:underline"
        >
          {t('usage.openTraces')}
        </Link>
      </div>
      <section
        aria-label={t('usage.totals')}
        className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5"
      >
        {figures.map((figure) => (
          <Card key={figure.id} className="p-4" data-testid={`usage-total-${figure.id}`} title={figure.exact}>
            <p className="text-xs text-muted-foreground">{figure.label}</p>
            <p className="text-2xl font-semibold tabular-nums">{figure.value}</p>
            {'detail' in figure && <p className="mt-1 text-xs text-muted-foreground">{figure.detail}</p>}
          </Card>
        ))}
      </section>
      {error ? (
        <ErrorNotice message={error.message} />
      ) : overTime.isPending ? (
        <Loading />
      ) : totals.requests === 0 ? (
        <EmptyState title={t('usage.empty')} />
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <StackedTokensChart
            rows={splitOverTime.data?.rows ?? []}
            keys={timeKeys}
            splitLabel={t(`usage.groups.${split}`)}
            keyLabel={timeLabel}
          />
          <TokenSplitChart rows={groupRows} keyLabel={groupLabel} />
          <CacheHitChart rows={timeRows} keyLabel={timeLabel} />
          <CostChart
            rows={groupRows}
            keyLabel={groupLabel}
            cumulative={group === 'day'}
            hourly={bucket === 'hour'}
          />
          <RequestsChart rows={groupRows} keyLabel={groupLabel} />
          <LatencyChart rows={latency.data?.rows ?? []} />
        </div>
      )}
    </div>
  );
}
