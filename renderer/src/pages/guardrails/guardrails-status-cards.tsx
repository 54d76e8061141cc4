import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../client/calls';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Progress } from '../../components/ui/progress';
import { cn } from '../../lib/cn';
import { formatCompact, formatDateTime, formatNumber, formatPercent, formatUsd } from '../../lib/format';
import { useCall } from '../../queries/use-contract';
import { SemanticCacheStatusCard } from './semantic-cache-status';

type Status = CallOutput<'guardrailsStatus'>;
type BudgetStatus = Status['budgets'][number];

/** Between events (a request waiting in line makes none), the status is read again this often. */
const STATUS_REFRESH_MS = 5000;

/** What a limit has used in the window: tokens are input + output, as the budget counts them. */
export function usedFor(limit: string, used: BudgetStatus['used']): number {
  switch (limit) {
    case 'requests':
      return used.requests;
    case 'tokens':
      return used.inputTokens + used.outputTokens;
    case 'input_tokens':
      return used.inputTokens;
    case 'output_tokens':
      return used.outputTokens;
    case 'cache_read_tokens':
      return used.cacheReadTokens;
    case 'cache_write_tokens':
      return used.cacheWriteTokens;
    case 'cost_usd':
      return used.costUsd;
    default:
      return 0;
  }
}

function LimitBar(props: { name: string; limit: number; used: number; warnAt: number; budget: string }) {
  const { t, i18n } = useTranslation();
  const share = props.limit > 0 ? props.used / props.limit : 0;
  const format = (value: number): string =>
    props.name === 'cost_usd' ? formatUsd(value, i18n.language) : formatNumber(value, i18n.language);
  const state = share >= 1 ? 'over' : share >= props.warnAt ? 'warn' : 'ok';
  return (
    <div className="grid gap-1" data-testid={`limit-${props.name}`} data-state={state}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs">
        <span className="font-medium">{t(`guardrails.limit.${props.name}`)}</span>
        <span className="tabular-nums text-muted-foreground" data-testid="limit-used">
          {t('guardrails.status.usedOf', { used: format(props.used), limit: format(props.limit) })} ·{' '}
          {formatPercent(share, i18n.language)}
        </span>
      </div>
      <Progress
        value={Math.min(100, share * 100)}
        aria-label={`${props.budget}: ${t(`guardrails.limit.${props.name}`)}`}
        indicatorClassName={cn(state === 'warn' && 'bg-warning', state === 'over' && 'bg-destructive')}
      />
    </div>
  );
}

function BudgetStatusCard(props: { budget: BudgetStatus }) {
  const { t, i18n } = useTranslation();
  const { budget } = props;
  return (
    <div className="grid content-start gap-3 rounded-md border p-3" data-testid="budget-status">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 break-all font-medium">{budget.label}</span>
        <Badge variant="secondary">{t(`guardrails.window.${budget.window}`)}</Badge>
        {budget.topUp && <Badge variant="outline">{t('guardrails.budgets.topUp')}</Badge>}
      </div>
      {Object.entries(budget.limits).map(([name, limit]) => (
        <LimitBar
          key={name}
          name={name}
          limit={limit}
          used={usedFor(name, budget.used)}
          warnAt={budget.warnAt}
          budget={budget.label}
        />
      ))}
      <p className="text-xs text-muted-foreground">
        {t('guardrails.status.warnAt', { share: formatPercent(budget.warnAt, i18n.language) })} ·{' '}
        {budget.resetsAt === undefined
          ? t('guardrails.status.neverResets')
          : t('guardrails.status.resetsAt', { when: formatDateTime(budget.resetsAt, i18n.language) })}
      </p>
    </div>
  );
}

/** What the guardrails hold right now: budgets used against their limits, lines, rules, lockouts. */
export function GuardrailsStatusCards() {
  const { t, i18n } = useTranslation();
  const status = useCall('guardrailsStatus', {}, { refetchInterval: STATUS_REFRESH_MS });
  return (
    <QueryState query={status}>
      {(answer) => (
        <div className="grid gap-4 lg:grid-cols-3">
          <Card className="lg:col-span-3" data-testid="budgets-status">
            <CardHeader>
              <CardTitle>{t('guardrails.status.budgets')}</CardTitle>
              <CardDescription>{t('guardrails.status.budgetsDescription')}</CardDescription>
            </CardHeader>
            <CardContent>
              {answer.budgets.length === 0 ? (
                <p className="text-sm text-muted-foreground">{t('guardrails.budgets.none')}</p>
              ) : (
                <div className="grid gap-3 md:grid-cols-2">
                  {answer.budgets.map((budget, index) => (
                    <BudgetStatusCard key={`${budget.label}-${index}`} budget={budget} />
                  ))}
                </div>
              )}
            </CardContent>
          </Card>
          <Card data-testid="rate-limits-status">
            <CardHeader>
              <CardTitle>{t('guardrails.status.rateLimits')}</CardTitle>
            </CardHeader>
            <CardContent>
              {answer.rateLimits.length === 0 ? (
                <p className="text-sm text-muted-foreground">{t('guardrails.status.noLines')}</p>
              ) : (
                <table className="w-full text-sm">
                  <thead className="text-xs text-muted-foreground">
                    <tr>
                      <th className="py-1 text-left font-medium">{t('guardrails.common.name')}</th>
                      <th className="py-1 text-right font-medium">{t('guardrails.status.running')}</th>
                      <th className="py-1 text-right font-medium">{t('guardrails.status.waiting')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.rateLimits.map((line) => (
                      <tr key={line.label} className="border-t">
                        <td className="break-all py-1">{line.label}</td>
                        <td className="py-1 text-right tabular-nums">
                          {formatNumber(line.running, i18n.language)}
                        </td>
                        <td className="py-1 text-right tabular-nums">
                          {formatNumber(line.waiting, i18n.language)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </CardContent>
          </Card>
          <Card data-testid="intercept-status">
            <CardHeader>
              <CardTitle>{t('guardrails.status.interception')}</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="text-2xl font-semibold tabular-nums">
                {formatCompact(answer.interceptRules, i18n.language)}
              </p>
              <p className="text-xs text-muted-foreground">{t('guardrails.status.rulesInForce')}</p>
            </CardContent>
          </Card>
          <Card data-testid="lockout-status">
            <CardHeader>
              <CardTitle>{t('guardrails.status.lockout')}</CardTitle>
            </CardHeader>
            <CardContent>
              {answer.lockout.enabled ? (
                <>
                  <p className="text-2xl font-semibold tabular-nums">
                    {formatNumber(answer.lockout.blockedAddresses, i18n.language)}
                  </p>
                  <p className="text-xs text-muted-foreground">{t('guardrails.status.blocked')}</p>
                </>
              ) : (
                <p className="text-sm text-muted-foreground">{t('guardrails.status.lockoutOff')}</p>
              )}
            </CardContent>
          </Card>
          {answer.cache?.mode === 'semantic' && <SemanticCacheStatusCard semantic={answer.cache.semantic} />}
        </div>
      )}
    </QueryState>
  );
}
