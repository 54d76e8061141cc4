import { FlaskConical } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../client/calls';
import { ErrorNotice } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useMutate } from '../../queries/use-contract';

type SemanticStatus = NonNullable<CallOutput<'guardrailsStatus'>['cache']>['semantic'];
type Evaluation = CallOutput<'cacheEvaluate'>;

const STATE_BADGE = {
  off: 'secondary',
  active: 'success',
  not_evaluated: 'warning',
  failed_evaluation: 'destructive',
  unusable: 'destructive',
} as const;

/** A similarity or threshold as the config writes it (0.95), not as a share. */
const formatSimilarity = (value: number, language: string): string =>
  new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(value);

/**
 * The semantic layer: whether it answers, why not, and the evaluation that
 * switches it on (the labelled pairs scored at the configured threshold). The
 * status refreshes after an evaluation (a contract write refreshes it).
 */
export function SemanticCacheStatusCard(props: { semantic: SemanticStatus }) {
  const { t, i18n } = useTranslation();
  const evaluate = useMutate('cacheEvaluate');
  const { semantic } = props;
  return (
    <Card className="lg:col-span-3" data-testid="semantic-status">
      <CardHeader>
        <CardTitle>{t('guardrails.semanticStatus.title')}</CardTitle>
        <CardDescription>{t('guardrails.semanticStatus.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <Badge
            variant={STATE_BADGE[semantic.state]}
            data-testid="semantic-state"
            data-state={semantic.state}
          >
            {t(`guardrails.semanticStatus.state.${semantic.state}`)}
          </Badge>
          <span className="text-xs text-muted-foreground">
            {t('guardrails.semanticStatus.entries', { count: semantic.entries })}
            {semantic.evaluatedAt !== undefined &&
              ` · ${t('guardrails.semanticStatus.evaluatedAt', { when: formatDateTime(semantic.evaluatedAt, i18n.language) })}`}
          </span>
          <Button
            className="ml-auto"
            variant="outline"
            size="sm"
            busy={evaluate.isPending}
            onClick={() => evaluate.mutate({})}
          >
            <FlaskConical aria-hidden />
            {t('guardrails.semanticStatus.evaluate')}
          </Button>
        </div>
        <p className="min-w-0 break-words text-sm" data-testid="semantic-message">
          {semantic.message}
        </p>
        {evaluate.error && (
          <ErrorNotice message={t('guardrails.semanticStatus.failed', { reason: evaluate.error.message })} />
        )}
        {evaluate.data && !evaluate.isPending && <EvaluationResult evaluation={evaluate.data} />}
      </CardContent>
    </Card>
  );
}

function EvaluationResult(props: { evaluation: Evaluation }) {
  const { t, i18n } = useTranslation();
  const { evaluation } = props;
  const { score } = evaluation;
  const metrics = [
    { name: 'precision', value: formatPercent(score.precision, i18n.language) },
    { name: 'recall', value: formatPercent(score.recall, i18n.language) },
    { name: 'falseHitRate', value: formatPercent(score.falseHitRate, i18n.language) },
    {
      name: 'suggested',
      value:
        evaluation.suggestedThreshold === undefined
          ? t('guardrails.semanticStatus.noSuggestion')
          : formatSimilarity(evaluation.suggestedThreshold, i18n.language),
    },
  ];
  return (
    <section
      className="grid gap-3 rounded-md border p-3"
      aria-label={t('guardrails.semanticStatus.result')}
      data-testid="semantic-evaluation"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={evaluation.passed ? 'success' : 'destructive'}>
          {t(evaluation.passed ? 'guardrails.semanticStatus.passed' : 'guardrails.semanticStatus.notPassed')}
        </Badge>
        <span className="text-muted-foreground">
          {t('guardrails.semanticStatus.scored', {
            pairs: formatNumber(evaluation.pairs, i18n.language),
            model: evaluation.model,
            threshold: formatSimilarity(score.threshold, i18n.language),
            allowed: formatPercent(evaluation.maxFalseHitRate, i18n.language),
          })}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {metrics.map((metric) => (
          <div key={metric.name} className="grid gap-0.5" data-testid={`semantic-${metric.name}`}>
            <dt className="text-xs text-muted-foreground">{t(`guardrails.semanticStatus.${metric.name}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums">{metric.value}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">
          {t('guardrails.semanticStatus.nearMisses', { count: evaluation.falseHits.length })}
        </h3>
        {evaluation.falseHits.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('guardrails.semanticStatus.nearMissesNone')}</p>
        ) : (
          // A loose threshold can let dozens through: the list scrolls (and takes focus, to scroll by keyboard).
          <div
            className="max-h-80 overflow-y-auto rounded-md border px-2"
            tabIndex={0}
            role="region"
            aria-label={t('guardrails.semanticStatus.nearMisses', { count: evaluation.falseHits.length })}
          >
            <table className="w-full text-sm" data-testid="semantic-near-misses">
              <thead className="sticky top-0 bg-card text-xs text-muted-foreground">
                <tr>
                  <th className="py-1 text-left font-medium">
                    {t('guardrails.semanticStatus.cachedPrompt')}
                  </th>
                  <th className="py-1 text-left font-medium">{t('guardrails.semanticStatus.askedPrompt')}</th>
                  <th className="py-1 text-right font-medium">{t('guardrails.semanticStatus.similarity')}</th>
                </tr>
              </thead>
              <tbody>
                {evaluation.falseHits.map((pair) => (
                  <tr key={pair.id} className="border-t align-top">
                    <td className="break-words py-1 pr-3">{pair.first}</td>
                    <td className="break-words py-1 pr-3">{pair.second}</td>
                    <td className="py-1 text-right tabular-nums">
                      {formatSimilarity(pair.similarity, i18n.language)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
