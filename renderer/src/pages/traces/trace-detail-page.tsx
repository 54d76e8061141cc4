import { ArrowLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useRoute } from 'wouter';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { formatDateTime, formatDuration, formatNumber, formatUsd } from '../../lib/format';
import { useCall } from '../../queries/use-contract';

const BODY_KINDS = ['clientRequest', 'upstreamRequest', 'upstreamResponse', 'clientResponse'] as const;

/** One request (deep link #/traces/<id>): what was asked, where it went, each attempt, the bodies kept. */
export function TraceDetailPage() {
  const { t, i18n } = useTranslation();
  const [, params] = useRoute<{ id: string }>('/traces/:id');
  const id = params?.id ?? '';
  const trace = useCall('traceDetail', { id });
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-2">
        <Button asChild variant="ghost" size="icon" aria-label={t('common.back')}>
          <Link href="/traces">
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
        <h1 className="text-2xl font-semibold">{t('traces.detail.title')}</h1>
        <code className="text-xs text-muted-foreground">{id}</code>
      </div>
      <QueryState query={trace}>
        {(detail) => (
          <>
            <Card>
              <CardContent className="grid grid-cols-2 gap-x-6 gap-y-3 pt-4 text-sm md:grid-cols-4">
                {[
                  [t('traces.column.time'), formatDateTime(detail.startedAt, i18n.language)],
                  [
                    t('traces.column.status'),
                    <Badge key="status" variant={detail.status >= 400 ? 'destructive' : 'success'}>
                      {detail.status}
                    </Badge>,
                  ],
                  [t('traces.column.route'), detail.routeKeyLabel],
                  [t('traces.detail.client'), detail.client],
                  [t('traces.column.model'), detail.requestedModel],
                  [
                    t('traces.detail.upstream'),
                    detail.providerId ? `${detail.providerId}|${detail.upstreamModel ?? ''}` : '—',
                  ],
                  [t('traces.detail.scene'), detail.scene ?? '—'],
                  [
                    t('traces.column.duration'),
                    detail.durationMs === undefined ? '—' : formatDuration(detail.durationMs, i18n.language),
                  ],
                  [
                    t('traces.detail.firstToken'),
                    detail.firstTokenMs === undefined
                      ? '—'
                      : formatDuration(detail.firstTokenMs, i18n.language),
                  ],
                  [t('traces.detail.input'), formatNumber(detail.usage.inputTokens, i18n.language)],
                  [t('traces.detail.output'), formatNumber(detail.usage.outputTokens, i18n.language)],
                  [
                    t('traces.column.cost'),
                    detail.costUsd === undefined ? '—' : formatUsd(detail.costUsd, i18n.language),
                  ],
                ].map(([label, value], index) => (
                  <div key={index} className="grid gap-0.5">
                    <span className="text-xs text-muted-foreground">{label}</span>
                    <span className="break-words font-medium">{value}</span>
                  </div>
                ))}
                {detail.error && <p className="col-span-full text-destructive">{detail.error}</p>}
              </CardContent>
            </Card>
            {detail.warnings.length > 0 && (
              <Card>
                <CardHeader>
                  <CardTitle>{t('traces.detail.warnings')}</CardTitle>
                </CardHeader>
                <CardContent>
                  <ul className="grid gap-1 text-sm">
                    {detail.warnings.map((warning, index) => (
                      <li key={index}>
                        <code className="text-xs">{warning.code}</code> {warning.message}
                      </li>
                    ))}
                  </ul>
                </CardContent>
              </Card>
            )}
            <Card>
              <CardHeader>
                <CardTitle>{t('traces.detail.attempts')}</CardTitle>
              </CardHeader>
              <CardContent>
                <ol className="grid gap-2 text-sm">
                  {detail.attempts.map((attempt, index) => (
                    <li key={index} className="flex flex-wrap gap-x-3 gap-y-1 rounded-md border p-2">
                      <span className="font-medium">
                        {index + 1}. {attempt.providerId}
                      </span>
                      <code className="text-xs text-muted-foreground">{attempt.url}</code>
                      <Badge
                        variant={attempt.error || (attempt.status ?? 0) >= 400 ? 'destructive' : 'success'}
                      >
                        {attempt.status ?? '—'}
                      </Badge>
                      {attempt.endedAt !== undefined && (
                        <span className="text-muted-foreground">
                          {formatDuration(attempt.endedAt - attempt.startedAt, i18n.language)}
                        </span>
                      )}
                      {attempt.error && <span className="w-full text-destructive">{attempt.error}</span>}
                    </li>
                  ))}
                </ol>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>{t('traces.detail.bodies')}</CardTitle>
              </CardHeader>
              <CardContent className="grid gap-3">
                {BODY_KINDS.every((kind) => !detail.bodies[kind]) && (
                  <p className="text-sm text-muted-foreground">{t('traces.detail.noBodies')}</p>
                )}
                {BODY_KINDS.map((kind) => {
                  const body = detail.bodies[kind];
                  if (!body) return null;
                  return (
                    <details key={kind} className="rounded-md border p-2">
                      <summary className="cursor-pointer text-sm font-medium">
                        {t(`traces.body.${kind}`)} · {formatNumber(body.originalBytes, i18n.language)} B
                        {body.truncated && ` (${t('traces.detail.truncated')})`}
                      </summary>
                      <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-all text-xs">
                        {body.binary ? t('traces.detail.binary') : body.content}
                      </pre>
                    </details>
                  );
                })}
              </CardContent>
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
