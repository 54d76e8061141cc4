import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CallInput } from '../../client/calls';
import { EmptyState, QueryState } from '../../components/query-state';
import { Card, CardContent } from '../../components/ui/card';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { formatNumber, formatUsd, localOffsetMinutes, startOfToday } from '../../lib/format';
import { useCall } from '../../queries/use-contract';

type GroupBy = NonNullable<CallInput<'usageStats'>['groupBy']>;
const DAY_MS = 24 * 60 * 60 * 1000;
const RANGES = { today: 1, week: 7, month: 30 } as const;

/** Requests, tokens and cost over a range, grouped (Dashboard II adds the full set of charts). */
export default function UsagePage() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<keyof typeof RANGES>('week');
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const today = useMemo(() => startOfToday(), []);
  const usage = useCall('usageStats', {
    tzOffsetMinutes: localOffsetMinutes(),
    from: today - (RANGES[range] - 1) * DAY_MS,
    to: today + DAY_MS - 1,
    groupBy,
  });
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold">{t('usage.title')}</h1>
      <div className="flex flex-wrap gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="usage-range">{t('usage.range')}</Label>
          <Select value={range} onValueChange={(value) => setRange(value as keyof typeof RANGES)}>
            <SelectTrigger id="usage-range" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {Object.keys(RANGES).map((key) => (
                <SelectItem key={key} value={key}>
                  {t(`usage.ranges.${key}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="usage-group">{t('usage.groupBy')}</Label>
          <Select value={groupBy} onValueChange={(value) => setGroupBy(value as GroupBy)}>
            <SelectTrigger id="usage-group" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(['day', 'hour', 'provider', 'model', 'route', 'client'] as const).map((key) => (
                <SelectItem key={key} value={key}>
                  {t(`usage.groups.${key}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>
      <QueryState query={usage}>
        {({ rows }) =>
          rows.length === 0 ? (
            <EmptyState title={t('usage.empty')} />
          ) : (
            <>
              <Card>
                <CardContent className="h-64 pt-4" role="img" aria-label={t('usage.chartLabel')}>
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart
                      data={rows.map((row) => ({ key: row.key, tokens: row.inputTokens + row.outputTokens }))}
                    >
                      <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                      <XAxis dataKey="key" stroke="var(--muted-foreground)" fontSize={12} />
                      <YAxis stroke="var(--muted-foreground)" fontSize={12} />
                      <Tooltip
                        contentStyle={{ background: 'var(--popover)', border: '1px solid var(--border)' }}
                      />
                      <Bar dataKey="tokens" name={t('usage.tokens')} fill="var(--primary)" maxBarSize={48} />
                    </BarChart>
                  </ResponsiveContainer>
                </CardContent>
              </Card>
              <Card className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead className="border-b text-left text-xs uppercase tracking-wide text-muted-foreground">
                    <tr>
                      <th scope="col" className="p-2 font-medium">
                        {t(`usage.groups.${groupBy}`)}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.requests')}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.errors')}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.input')}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.output')}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.cacheRead')}
                      </th>
                      <th scope="col" className="p-2 text-right font-medium">
                        {t('usage.cost')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y tabular-nums">
                    {rows.map((row) => (
                      <tr key={row.key}>
                        <td className="p-2 font-medium">{row.key}</td>
                        <td className="p-2 text-right">{formatNumber(row.requests, i18n.language)}</td>
                        <td className="p-2 text-right">{formatNumber(row.errors, i18n.language)}</td>
                        <td className="p-2 text-right">{formatNumber(row.inputTokens, i18n.language)}</td>
                        <td className="p-2 text-right">{formatNumber(row.outputTokens, i18n.language)}</td>
                        <td className="p-2 text-right">{formatNumber(row.cacheReadTokens, i18n.language)}</td>
                        <td className="p-2 text-right">{formatUsd(row.costUsd, i18n.language)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            </>
          )
        }
      </QueryState>
    </div>
  );
}
