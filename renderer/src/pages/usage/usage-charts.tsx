import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CallOutput } from '../../client/calls';
import { formatCompact, formatDuration, formatNumber, formatPercent, formatUsd } from '../../lib/format';
import { AXIS_PROPS, GRID_PROPS, seriesColor, TOOLTIP_PROPS } from './chart-theme';
import { ChartCard, type TableColumn } from './chart-card';
import {
  cacheHitRate,
  errorRate,
  OTHER_SERIES,
  pivotSplit,
  sumUsage,
  totalTokens,
  uncachedInput,
  withCumulativeCost,
  type UsageRow,
} from './shape-usage';

type LatencyRow = CallOutput<'latencyStats'>['rows'][number];

/** Axis labels: `2026-12-07T14:00` reads as `14:00`, `2026-12-07` as `12-07`; other keys as they are. */
function shortKey(key: unknown): string {
  const text = String(key);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:00$/.test(text)) return text.slice(11);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text.slice(5);
  return text;
}

function useFormatters() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    number: (value: number) => formatNumber(value, language),
    compact: (value: number) => formatCompact(value, language),
    usd: (value: number) => formatUsd(value, language),
    percent: (value: number | undefined) => (value === undefined ? '—' : formatPercent(value, language)),
    duration: (value: number | undefined) => (value === undefined ? '—' : formatDuration(value, language)),
  };
}

/** Tokens per time bucket, stacked by provider or model. */
export function StackedTokensChart(props: {
  rows: UsageRow[];
  keys: string[];
  splitLabel: string;
  keyLabel: string;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, series } = pivotSplit(props.rows, props.keys, totalTokens);
  const name = (series: string) =>
    series === OTHER_SERIES ? t('usage.other') : series || t('usage.unknown');
  const columns: TableColumn<Record<string, string | number>>[] = [
    { id: 'key', header: props.keyLabel, value: (row) => row.key },
    ...series.map((entry) => ({
      id: `series-${entry}`,
      header: name(entry),
      value: (row: Record<string, string | number>) => row[entry] as number,
      format: (row: Record<string, string | number>) => format.number(row[entry] as number),
      numeric: true,
    })),
  ];
  return (
    <ChartCard
      testId="chart-stacked-tokens"
      title={t('usage.chart.stacked', { split: props.splitLabel })}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis {...AXIS_PROPS} tickFormatter={format.compact} width={48} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => format.number(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((entry, index) => (
              <Bar
                key={entry}
                dataKey={entry}
                name={name(entry)}
                stackId="tokens"
                fill={seriesColor(index)}
                maxBarSize={40}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={data}
      fileName="ais-usage-tokens-by-series.csv"
    />
  );
}

/** Input (uncached), cache read, cache write and output per group. */
export function TokenSplitChart(props: { rows: UsageRow[]; keyLabel: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = props.rows.map((row) => ({ ...row, uncachedInput: uncachedInput(row) }));
  const parts = [
    ['uncachedInput', t('usage.uncachedInput')],
    ['cacheReadTokens', t('usage.cacheRead')],
    ['cacheWriteTokens', t('usage.cacheWrite')],
    ['outputTokens', t('usage.output')],
  ] as const;
  const columns: TableColumn<UsageRow>[] = [
    { id: 'key', header: props.keyLabel, value: (row) => row.key },
    {
      id: 'input',
      header: t('usage.input'),
      value: (row) => row.inputTokens,
      format: (row) => format.number(row.inputTokens),
      numeric: true,
    },
    {
      id: 'cacheRead',
      header: t('usage.cacheRead'),
      value: (row) => row.cacheReadTokens,
      format: (row) => format.number(row.cacheReadTokens),
      numeric: true,
    },
    {
      id: 'cacheWrite',
      header: t('usage.cacheWrite'),
      value: (row) => row.cacheWriteTokens,
      format: (row) => format.number(row.cacheWriteTokens),
      numeric: true,
    },
    {
      id: 'output',
      header: t('usage.output'),
      value: (row) => row.outputTokens,
      format: (row) => format.number(row.outputTokens),
      numeric: true,
    },
    {
      id: 'reasoning',
      header: t('usage.reasoning'),
      value: (row) => row.reasoningTokens,
      format: (row) => format.number(row.reasoningTokens),
      numeric: true,
    },
    {
      id: 'total',
      header: t('usage.tokens'),
      value: (row) => totalTokens(row),
      format: (row) => format.number(totalTokens(row)),
      numeric: true,
    },
  ];
  return (
    <ChartCard
      testId="chart-token-split"
      title={t('usage.chart.split')}
      description={t('usage.chart.splitHint')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis {...AXIS_PROPS} tickFormatter={format.compact} width={48} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => format.number(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {parts.map(([field, label], index) => (
              <Bar
                key={field}
                dataKey={field}
                name={label}
                stackId="split"
                fill={seriesColor(index)}
                maxBarSize={40}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={props.rows}
      footer={{ key: t('usage.total'), ...sumUsage(props.rows) }}
      fileName="ais-usage-token-split.csv"
    />
  );
}

/** Share of the prompt read from cache, per time bucket. */
export function CacheHitChart(props: { rows: UsageRow[]; keyLabel: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = props.rows.map((row) => ({ key: row.key, rate: cacheHitRate(row), row }));
  const columns: TableColumn<(typeof data)[number]>[] = [
    { id: 'key', header: props.keyLabel, value: (entry) => entry.key },
    {
      id: 'input',
      header: t('usage.input'),
      value: (entry) => entry.row.inputTokens,
      format: (entry) => format.number(entry.row.inputTokens),
      numeric: true,
    },
    {
      id: 'cacheRead',
      header: t('usage.cacheRead'),
      value: (entry) => entry.row.cacheReadTokens,
      format: (entry) => format.number(entry.row.cacheReadTokens),
      numeric: true,
    },
    {
      id: 'rate',
      header: t('usage.cacheHitRate'),
      value: (entry) => entry.rate,
      format: (entry) => format.percent(entry.rate),
      numeric: true,
    },
  ];
  return (
    <ChartCard
      testId="chart-cache-hit"
      title={t('usage.chart.cacheHit')}
      description={t('usage.chart.cacheHitHint')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis
              {...AXIS_PROPS}
              domain={[0, 1]}
              tickFormatter={(value: number) => format.percent(value)}
              width={48}
            />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => format.percent(Number(value))} />
            <Line
              type="monotone"
              dataKey="rate"
              name={t('usage.cacheHitRate')}
              stroke={seriesColor(1)}
              strokeWidth={2}
              dot={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={data}
      fileName="ais-usage-cache-hit-rate.csv"
    />
  );
}

/** Cost per bucket as bars, with the running total as a line (time groupings only). */
export function CostChart(props: {
  rows: UsageRow[];
  keyLabel: string;
  cumulative: boolean;
  hourly?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = withCumulativeCost(props.rows);
  const columns: TableColumn<(typeof data)[number]>[] = [
    { id: 'key', header: props.keyLabel, value: (row) => row.key },
    {
      id: 'requests',
      header: t('usage.requests'),
      value: (row) => row.requests,
      format: (row) => format.number(row.requests),
      numeric: true,
    },
    {
      id: 'cost',
      header: t('usage.cost'),
      value: (row) => row.costUsd,
      format: (row) => format.usd(row.costUsd),
      numeric: true,
    },
    ...(props.cumulative
      ? [
          {
            id: 'cumulative',
            header: t('usage.cumulative'),
            value: (row: (typeof data)[number]) => row.cumulativeCostUsd,
            format: (row: (typeof data)[number]) => format.usd(row.cumulativeCostUsd),
            numeric: true,
          },
        ]
      : []),
    {
      id: 'unpriced',
      header: t('usage.unpriced'),
      value: (row) => row.unpricedRequests,
      format: (row) => format.number(row.unpricedRequests),
      numeric: true,
    },
    {
      id: 'savedCost',
      header: t('usage.savedCost'),
      value: (row) => row.savedCostUsd,
      format: (row) => format.usd(row.savedCostUsd),
      numeric: true,
    },
  ];
  const totals = sumUsage(props.rows);
  return (
    <ChartCard
      testId="chart-cost"
      title={
        props.cumulative
          ? t(props.hourly ? 'usage.chart.costCumulativeHourly' : 'usage.chart.costCumulative')
          : t('usage.chart.cost')
      }
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis
              yAxisId="cost"
              {...AXIS_PROPS}
              tickFormatter={(value: number) => format.usd(value)}
              width={64}
            />
            {props.cumulative && (
              <YAxis
                yAxisId="cumulative"
                orientation="right"
                {...AXIS_PROPS}
                tickFormatter={(value: number) => format.usd(value)}
                width={64}
              />
            )}
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => format.usd(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="cost"
              dataKey="costUsd"
              name={t('usage.cost')}
              fill={seriesColor(0)}
              maxBarSize={40}
            />
            {props.cumulative && (
              <Line
                yAxisId="cumulative"
                type="monotone"
                dataKey="cumulativeCostUsd"
                name={t('usage.cumulative')}
                stroke={seriesColor(3)}
                strokeWidth={2}
                dot={false}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={data}
      footer={{ key: t('usage.total'), ...totals, cumulativeCostUsd: totals.costUsd }}
      fileName="ais-usage-cost.csv"
    />
  );
}

/** Requests (ok and failed, stacked) with the error rate as a line. */
export function RequestsChart(props: { rows: UsageRow[]; keyLabel: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = props.rows.map((row) => ({ ...row, errorRate: errorRate(row) }));
  const columns: TableColumn<(typeof data)[number]>[] = [
    { id: 'key', header: props.keyLabel, value: (row) => row.key },
    {
      id: 'requests',
      header: t('usage.requests'),
      value: (row) => row.requests,
      format: (row) => format.number(row.requests),
      numeric: true,
    },
    {
      id: 'successes',
      header: t('usage.successes'),
      value: (row) => row.successes,
      format: (row) => format.number(row.successes),
      numeric: true,
    },
    {
      id: 'errors',
      header: t('usage.errors'),
      value: (row) => row.errors,
      format: (row) => format.number(row.errors),
      numeric: true,
    },
    {
      id: 'errorRate',
      header: t('usage.errorRate'),
      value: (row) => row.errorRate,
      format: (row) => format.percent(row.errorRate),
      numeric: true,
    },
    {
      id: 'cacheHits',
      header: t('usage.cacheHits'),
      value: (row) => row.cacheHits,
      format: (row) => format.number(row.cacheHits),
      numeric: true,
    },
  ];
  const totals = sumUsage(props.rows);
  return (
    <ChartCard
      testId="chart-requests"
      title={t('usage.chart.requests')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis
              yAxisId="count"
              {...AXIS_PROPS}
              tickFormatter={format.compact}
              width={48}
              allowDecimals={false}
            />
            <YAxis
              yAxisId="rate"
              orientation="right"
              {...AXIS_PROPS}
              domain={[0, 1]}
              tickFormatter={(value: number) => format.percent(value)}
              width={48}
            />
            <Tooltip {...TOOLTIP_PROPS} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="count"
              dataKey="successes"
              name={t('usage.successes')}
              stackId="requests"
              fill={seriesColor(1)}
              maxBarSize={40}
            />
            <Bar
              yAxisId="count"
              dataKey="errors"
              name={t('usage.errors')}
              stackId="requests"
              fill={seriesColor(3)}
              maxBarSize={40}
            />
            <Line
              yAxisId="rate"
              type="monotone"
              dataKey="errorRate"
              name={t('usage.errorRate')}
              stroke={seriesColor(4)}
              strokeWidth={2}
              dot={false}
              connectNulls
            />
          </ComposedChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={data}
      footer={{ key: t('usage.total'), ...totals, errorRate: errorRate(totals) }}
      fileName="ais-usage-requests.csv"
    />
  );
}

/** p50 / p95 time to first token (and total duration) per provider. */
export function LatencyChart(props: { rows: LatencyRow[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const columns: TableColumn<LatencyRow>[] = [
    { id: 'key', header: t('usage.groups.provider'), value: (row) => row.key },
    {
      id: 'requests',
      header: t('usage.requests'),
      value: (row) => row.requests,
      format: (row) => format.number(row.requests),
      numeric: true,
    },
    {
      id: 'ftP50',
      header: t('usage.firstTokenP50'),
      value: (row) => row.firstTokenP50Ms,
      format: (row) => format.duration(row.firstTokenP50Ms),
      numeric: true,
    },
    {
      id: 'ftP95',
      header: t('usage.firstTokenP95'),
      value: (row) => row.firstTokenP95Ms,
      format: (row) => format.duration(row.firstTokenP95Ms),
      numeric: true,
    },
    {
      id: 'dP50',
      header: t('usage.durationP50'),
      value: (row) => row.durationP50Ms,
      format: (row) => format.duration(row.durationP50Ms),
      numeric: true,
    },
    {
      id: 'dP95',
      header: t('usage.durationP95'),
      value: (row) => row.durationP95Ms,
      format: (row) => format.duration(row.durationP95Ms),
      numeric: true,
    },
  ];
  return (
    <ChartCard
      testId="chart-latency"
      title={t('usage.chart.latency')}
      description={t('usage.chart.latencyHint')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={props.rows}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="key" {...AXIS_PROPS} tickFormatter={shortKey} />
            <YAxis {...AXIS_PROPS} tickFormatter={(value: number) => format.duration(value)} width={72} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => format.duration(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="firstTokenP50Ms"
              name={t('usage.firstTokenP50')}
              fill={seriesColor(0)}
              maxBarSize={32}
            />
            <Bar
              dataKey="firstTokenP95Ms"
              name={t('usage.firstTokenP95')}
              fill={seriesColor(4)}
              maxBarSize={32}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      columns={columns}
      rows={props.rows}
      fileName="ais-usage-latency.csv"
    />
  );
}
