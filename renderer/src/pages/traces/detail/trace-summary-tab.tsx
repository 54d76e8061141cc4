import { ArrowRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { formatDateTime, formatDuration, formatNumber, formatUsd } from '../../../lib/format';
import { TraceStatusBadge } from '../trace-status-badge';
import type { TraceSummary } from '../trace-filters';
import { describeDecision, type DecisionStep } from './describe-decision';
import type { TraceAttempt } from './use-trace-detail';

const RULE_MESSAGES: Record<string, string> = {
  model_map: 'modelMap',
  default_model: 'defaultModel',
  'passthrough-model': 'passthrough',
};
const MATCH_MESSAGES: Record<string, string> = {
  'route-key': 'routeKey',
  'protocol-default': 'protocolDefault',
  'default-route': 'defaultRoute',
};

function StepText(props: { step: DecisionStep }) {
  const { t, i18n } = useTranslation();
  const { step } = props;
  switch (step.kind) {
    case 'route':
      return (
        <>
          {t('traces.decision.route', {
            route: step.route,
            how: t(`traces.decision.matchedBy.${MATCH_MESSAGES[step.matchedBy] ?? 'routeKey'}`),
          })}
        </>
      );
    case 'scene': {
      const reason = step.tokens
        ? t('traces.decision.sceneReason.longContextTokens', {
            count: formatNumber(step.tokens.count, i18n.language),
            threshold: formatNumber(step.tokens.threshold, i18n.language),
          })
        : t(`traces.decision.sceneReason.${step.scene}`, { defaultValue: step.scene });
      return (
        <>
          {t('traces.decision.scene', {
            scene: t(`routes.scene.${step.scene}`, { defaultValue: step.scene }),
            reason,
          })}
        </>
      );
    }
    case 'rule': {
      const values = {
        rule: step.rule,
        model: step.model,
        provider: step.providerId,
        requested: step.requestedModel,
      };
      const message = step.rule.startsWith('scene_map.') ? 'sceneMap' : (RULE_MESSAGES[step.rule] ?? 'other');
      return <>{t(`traces.decision.rule.${message}`, values)}</>;
    }
    case 'fallbacks':
      return <>{t('traces.decision.fallbacks', { targets: step.targets.join(', ') })}</>;
    case 'attempt': {
      const target = step.model ? `${step.model} · ${step.providerId}` : step.providerId;
      const failed = step.error !== undefined || (step.status !== undefined && step.status >= 400);
      if (!failed)
        return (
          <>{t('traces.decision.attemptOk', { number: step.number, target, status: step.status ?? '—' })}</>
        );
      const reason = [step.status, step.error].filter((part) => part !== undefined).join(' ');
      return (
        <>
          {t(step.last ? 'traces.decision.attemptFailed' : 'traces.decision.attemptFailedNext', {
            number: step.number,
            target,
            reason,
          })}
        </>
      );
    }
  }
}

/** The decision in words, the facts of the request, its warnings, usage and cost. */
export function TraceSummaryTab(props: {
  summary: TraceSummary;
  decision: Record<string, unknown> | undefined;
  attempts: readonly TraceAttempt[];
  warnings: readonly { code: string; message: string }[];
  userAgent?: string;
}) {
  const { t, i18n } = useTranslation();
  const { summary } = props;
  const language = i18n.language;
  const steps = describeDecision(props.decision, props.attempts);
  const usage = summary.usage;
  const facts: [string, React.ReactNode][] = [
    [t('traces.column.time'), formatDateTime(summary.startedAt, language)],
    [t('traces.column.status'), <TraceStatusBadge key="status" trace={summary} />],
    [t('traces.column.client'), summary.client],
    [t('traces.column.route'), summary.routeKeyLabel],
    [t('traces.detail.requested'), summary.requestedModel],
    [
      t('traces.detail.upstream'),
      summary.providerId ? `${summary.upstreamModel ?? ''} · ${summary.providerId}` : '—',
    ],
    [
      t('traces.detail.protocol'),
      `${t(`protocol.${summary.inboundProtocol}`, { defaultValue: summary.inboundProtocol })} · ${summary.path}`,
    ],
    [t('traces.detail.stream'), summary.stream ? t('traces.detail.yes') : t('traces.detail.no')],
    [
      t('traces.column.duration'),
      summary.durationMs === undefined ? '—' : formatDuration(summary.durationMs, language),
    ],
    [
      t('traces.detail.firstToken'),
      summary.firstTokenMs === undefined ? '—' : formatDuration(summary.firstTokenMs, language),
    ],
    [t('traces.detail.session'), summary.sessionId ?? '—'],
  ];
  const usageFacts: [string, string][] = [
    [t('usage.input'), formatNumber(usage.inputTokens, language)],
    [t('usage.output'), formatNumber(usage.outputTokens, language)],
    [t('usage.cacheRead'), formatNumber(usage.cacheReadTokens, language)],
    [t('usage.cacheWrite'), formatNumber(usage.cacheWriteTokens, language)],
    [t('usage.reasoning'), formatNumber(usage.reasoningTokens, language)],
    [
      t('traces.column.cost'),
      summary.costUsd === undefined ? t('traces.detail.unpriced') : formatUsd(summary.costUsd, language),
    ],
  ];
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>{t('traces.decision.title')}</CardTitle>
        </CardHeader>
        <CardContent>
          {steps.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t('traces.decision.none')}</p>
          ) : (
            <ol className="flex flex-wrap items-center gap-x-2 gap-y-1.5 text-sm" data-testid="decision">
              {steps.map((step, index) => (
                <li key={index} className="flex items-center gap-2">
                  {index > 0 && <ArrowRight className="size-3.5 text-muted-foreground" aria-hidden />}
                  <span>
                    <StepText step={step} />
                  </span>
                </li>
              ))}
            </ol>
          )}
          {summary.error && (
            <p className="mt-3 text-sm text-destructive" role="alert">
              {summary.error}
            </p>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent className="grid grid-cols-2 gap-x-6 gap-y-3 pt-4 text-sm md:grid-cols-4">
          {facts.map(([label, value]) => (
            <div key={label} className="grid min-w-0 gap-0.5">
              <span className="text-xs text-muted-foreground">{label}</span>
              <span className="break-words font-medium">{value}</span>
            </div>
          ))}
          {props.userAgent && (
            <div className="col-span-full grid gap-0.5">
              <span className="text-xs text-muted-foreground">{t('traces.detail.userAgent')}</span>
              <code className="break-all text-xs">{props.userAgent}</code>
            </div>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('traces.detail.usage')}</CardTitle>
        </CardHeader>
        <CardContent className="grid grid-cols-3 gap-3 text-sm md:grid-cols-6">
          {usageFacts.map(([label, value]) => (
            <div key={label} className="grid gap-0.5">
              <span className="text-xs text-muted-foreground">{label}</span>
              <span className="font-medium tabular-nums">{value}</span>
            </div>
          ))}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('traces.detail.warnings')}</CardTitle>
        </CardHeader>
        <CardContent>
          {props.warnings.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t('traces.detail.noWarnings')}</p>
          ) : (
            <ul className="grid gap-1.5 text-sm" data-testid="warnings">
              {props.warnings.map((warning, index) => (
                <li key={index} className="flex flex-wrap gap-2">
                  <code className="rounded bg-warning/15 px-1 text-xs text-warning">{warning.code}</code>
                  <span>{warning.message}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
