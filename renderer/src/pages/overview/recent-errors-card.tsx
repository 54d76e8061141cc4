import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { QueryState } from '../../components/query-state';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../queries/use-contract';

/** The last five failed requests, each a link to its trace. */
export function RecentErrorsCard() {
  const { t, i18n } = useTranslation();
  const traces = useCall('tracesList', { status: 'error', limit: 5 });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('overview.errors.title')}</CardTitle>
      </CardHeader>
      <CardContent>
        <QueryState query={traces}>
          {({ items }) =>
            items.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t('overview.errors.none')}</p>
            ) : (
              <ul className="divide-y">
                {items.map((trace) => (
                  <li key={trace.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
                    <span className="font-mono text-xs text-muted-foreground">
                      {formatDateTime(trace.startedAt, i18n.language)}
                    </span>
                    <span className="rounded bg-destructive/15 px-1.5 text-xs font-medium text-destructive">
                      {trace.status}
                    </span>
                    <span className="font-medium">{trace.routeKeyLabel}</span>
                    <span className="min-w-0 flex-1 truncate text-muted-foreground" title={trace.error}>
                      {trace.error ?? trace.requestedModel}
                    </span>
                    <Link
                      href={`/traces/${trace.id}`}
                      className="text-primary underline-offset-4 hover:underline"
                    >
                      {t('overview.errors.open')}
                    </Link>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </CardContent>
    </Card>
  );
}
