import { ArrowLeft, Link2 } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useRoute, useSearch } from 'wouter';
import { ErrorNotice, Loading } from '../../components/query-state';
import { Button } from '../../components/ui/button';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/tabs';
import { attemptModels } from './detail/describe-decision';
import { TraceInspectTab } from './detail/trace-inspect-tab';
import { TraceRawTab } from './detail/trace-raw-tab';
import { TraceSummaryTab } from './detail/trace-summary-tab';
import { TraceWaterfall } from './detail/trace-waterfall';
import { useTraceDetail, type TraceAttempt } from './detail/use-trace-detail';
import { formatTraceFilters } from './trace-filters';
import { TraceStatusBadge } from './trace-status-badge';

// The diff library is only needed on its tab.
const TraceDiffTab = lazy(() => import('./detail/trace-diff-tab'));

const TABS = ['summary', 'waterfall', 'raw', 'inspect', 'diff'] as const;
type Tab = (typeof TABS)[number];

/** One request (deep link #/traces/<id>?tab=waterfall): summary, waterfall, raw bodies, inspect, diff. */
export function TraceDetailPage() {
  const { t } = useTranslation();
  const [, params] = useRoute<{ id: string }>('/traces/:id');
  const id = params?.id ?? '';
  const search = useSearch();
  const [, navigate] = useLocation();
  const requested = new URLSearchParams(search).get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'summary';
  const { detail, running, followed } = useTraceDetail(id);
  const data = detail.data;
  // While it runs, and until the stored trace is read, the engine's events describe the request.
  const live = running || !data ? followed : undefined;
  const summary = live?.summary ?? data;

  // The stored attempts lack the model; the decision's own list has it, in the same order.
  const models = attemptModels(data?.decision);
  const attempts: TraceAttempt[] = live
    ? live.attempts
    : (data?.attempts ?? []).map((attempt, index) => ({ model: models[index], ...attempt }));
  const timings = live?.timings ?? data?.timings ?? {};

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button asChild variant="ghost" size="icon" aria-label={t('common.back')}>
          <Link href="/traces">
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
        <h1 className="text-2xl font-semibold">{t('traces.detail.title')}</h1>
        {summary && <TraceStatusBadge trace={summary} />}
        <code className="text-xs text-muted-foreground">{id}</code>
        {summary?.sessionId && (
          <Button asChild variant="ghost" size="sm" className="ml-auto">
            <Link href={`/traces?${formatTraceFilters({ sessionId: summary.sessionId })}`}>
              <Link2 aria-hidden />
              {t('traces.sameSession')}
            </Link>
          </Button>
        )}
      </div>
      {!summary ? (
        detail.error && !detail.isFetching ? (
          <ErrorNotice message={detail.error.message} />
        ) : (
          <Loading />
        )
      ) : (
        <Tabs
          value={tab}
          onValueChange={(value) => navigate(`/traces/${id}?tab=${value}`, { replace: true })}
        >
          <TabsList>
            {TABS.map((name) => (
              <TabsTrigger key={name} value={name}>
                {t(`traces.tab.${name}`)}
              </TabsTrigger>
            ))}
          </TabsList>
          <TabsContent value="summary">
            <TraceSummaryTab
              summary={summary}
              decision={data?.decision}
              attempts={attempts}
              warnings={data?.warnings ?? []}
              {...(data && { userAgent: data.userAgent })}
            />
          </TabsContent>
          <TabsContent value="waterfall">
            <TraceWaterfall
              timings={timings}
              attempts={attempts}
              startedAt={summary.startedAt}
              running={running}
              {...(summary.durationMs !== undefined && { durationMs: summary.durationMs })}
            />
          </TabsContent>
          {(['raw', 'inspect', 'diff'] as const).map((name) => (
            <TabsContent key={name} value={name}>
              {!data ? (
                <p className="text-sm text-muted-foreground" role="status">
                  {running ? t('traces.detail.whenFinished') : t('common.loading')}
                </p>
              ) : name === 'raw' ? (
                <TraceRawTab detail={data} />
              ) : name === 'inspect' ? (
                <TraceInspectTab detail={data} />
              ) : (
                <Suspense fallback={<Loading />}>
                  <TraceDiffTab detail={data} />
                </Suspense>
              )}
            </TabsContent>
          ))}
        </Tabs>
      )}
    </div>
  );
}
