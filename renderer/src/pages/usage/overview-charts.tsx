import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { QueryState } from '../../components/query-state';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { formatCompact, formatNumber, formatUsd, localOffsetMinutes } from '../../lib/format';
import { useCall } from '../../queries/use-contract';
import { AXIS_PROPS, GRID_PROPS, seriesColor, TOOLTIP_PROPS } from './chart-theme';
import { fillKeys, totalTokens } from './shape-usage';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const TOP_MODELS = 8;

/** The local hour keys (`YYYY-MM-DDTHH:00`) of the 24 hours ending with the current one. */
function lastHours(now: number): string[] {
  return Array.from({ length: 24 }, (_, index) => {
    const date = new Date(now - (23 - index) * HOUR_MS);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:00`;
  });
}

/** The overview's charts: the last 24 hours of requests and tokens, and the models that cost most this month. */
export default function OverviewCharts() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const span = useMemo(() => {
    const hourStart = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    return { from: hourStart - 23 * HOUR_MS, to: hourStart + HOUR_MS - 1, keys: lastHours(hourStart) };
  }, []);
  const tzOffsetMinutes = localOffsetMinutes();
  const hours = useCall('usageStats', { from: span.from, to: span.to, groupBy: 'hour', tzOffsetMinutes });
  const models = useCall('usageStats', {
    from: span.to - 30 * DAY_MS,
    to: span.to,
    groupBy: 'model',
    tzOffsetMinutes,
  });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>{t('usage.overview.last24h')}</CardTitle>
        </CardHeader>
        <CardContent
          className="h-60"
          role="img"
          aria-label={t('usage.overview.last24h')}
          data-testid="overview-chart-24h"
        >
          <QueryState query={hours}>
            {({ rows }) => {
              const data = fillKeys(rows, span.keys).map((row) => ({
                hour: row.key.slice(11),
                requests: row.requests,
                tokens: totalTokens(row),
              }));
              return (
                <ResponsiveContainer width="100%" height="100%">
                  <ComposedChart data={data}>
                    <CartesianGrid {...GRID_PROPS} />
                    <XAxis dataKey="hour" {...AXIS_PROPS} interval={3} />
                    <YAxis yAxisId="requests" {...AXIS_PROPS} allowDecimals={false} width={40} />
                    <YAxis
                      yAxisId="tokens"
                      orientation="right"
                      {...AXIS_PROPS}
                      tickFormatter={(value: number) => formatCompact(value, language)}
                      width={48}
                    />
                    <Tooltip
                      {...TOOLTIP_PROPS}
                      formatter={(value) => formatNumber(Number(value), language)}
                    />
                    <Legend wrapperStyle={{ fontSize: 12 }} />
                    <Bar
                      yAxisId="requests"
                      dataKey="requests"
                      name={t('usage.requests')}
                      fill={seriesColor(0)}
                      maxBarSize={18}
                    />
                    <Line
                      yAxisId="tokens"
                      type="monotone"
                      dataKey="tokens"
                      name={t('usage.tokens')}
                      stroke={seriesColor(2)}
                      strokeWidth={2}
                      dot={false}
                    />
                  </ComposedChart>
                </ResponsiveContainer>
              );
            }}
          </QueryState>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('usage.overview.topModels')}</CardTitle>
        </CardHeader>
        <CardContent
          className="h-60"
          role="img"
          aria-label={t('usage.overview.topModels')}
          data-testid="overview-chart-models"
        >
          <QueryState query={models}>
            {({ rows }) => {
              const top = rows
                .filter((row) => row.costUsd > 0)
                .sort((left, right) => right.costUsd - left.costUsd)
                .slice(0, TOP_MODELS);
              if (top.length === 0) {
                const unpriced = rows.reduce((sum, row) => sum + row.unpricedRequests, 0);
                return (
                  <p className="text-sm text-muted-foreground">
                    {unpriced > 0 ? t('usage.overview.noPricedUsage', { count: unpriced }) : t('usage.empty')}
                  </p>
                );
              }
              return (
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={top} layout="vertical" margin={{ left: 8 }}>
                    <CartesianGrid {...GRID_PROPS} horizontal={false} vertical />
                    <XAxis
                      type="number"
                      {...AXIS_PROPS}
                      tickFormatter={(value: number) => formatUsd(value, language)}
                    />
                    <YAxis type="category" dataKey="key" {...AXIS_PROPS} width={140} />
                    <Tooltip {...TOOLTIP_PROPS} formatter={(value) => formatUsd(Number(value), language)} />
                    <Bar dataKey="costUsd" name={t('usage.cost')} fill={seriesColor(4)} maxBarSize={18} />
                  </BarChart>
                </ResponsiveContainer>
              );
            }}
          </QueryState>
        </CardContent>
      </Card>
    </div>
  );
}
