import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';
import { QueryState } from '../../components/query-state';
import { Card } from '../../components/ui/card';
import { formatCompact, formatNumber, formatPercent, formatUsd, startOfToday } from '../../lib/format';
import { useCall } from '../../queries/use-contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today's requests, tokens, cost and error rate (charts come with Dashboard II). */
export function TodayNumbers() {
  const { t, i18n } = useTranslation();
  // A fixed window for the day keeps the query key stable between renders.
  const from = useMemo(() => startOfToday(), []);
  const usage = useCall('usageStats', { from, to: from + DAY_MS - 1, groupBy: 'day' });
  return (
    <QueryState query={usage}>
      {({ rows }) => {
        const total = rows.reduce(
          (sum, row) => ({
            requests: sum.requests + row.requests,
            errors: sum.errors + row.errors,
            tokens:
              // inputTokens already holds the cache reads and writes (the canonical usage).
              sum.tokens + row.inputTokens + row.outputTokens,
            cost: sum.cost + row.costUsd,
          }),
          { requests: 0, errors: 0, tokens: 0, cost: 0 },
        );
        const figures = [
          { label: t('overview.today.requests'), value: formatNumber(total.requests, i18n.language) },
          { label: t('overview.today.tokens'), value: formatCompact(total.tokens, i18n.language) },
          { label: t('overview.today.cost'), value: formatUsd(total.cost, i18n.language) },
          {
            label: t('overview.today.errorRate'),
            value: total.requests === 0 ? '—' : formatPercent(total.errors / total.requests, i18n.language),
          },
        ];
        return (
          <section aria-label={t('overview.today.title')} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {figures.map((figure) => (
              <Card key={figure.label} className="p-4">
                <p
                  className={cn(
                    'text-xs font-medium text-muted-foreground',
                    // Capitals suit English labels; in Chinese they only shout the Latin words ("TOKEN").
                    !i18n.language.startsWith('zh') && 'uppercase tracking-wide',
                  )}
                >
                  {figure.label}
                </p>
                <p className="mt-1 text-2xl font-semibold tabular-nums">{figure.value}</p>
              </Card>
            ))}
          </section>
        );
      }}
    </QueryState>
  );
}
