import { Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge';
import type { TraceSummary } from './trace-filters';

/** running (spinning), the HTTP status in green or red, or "interrupted". */
export function TraceStatusBadge(props: { trace: Pick<TraceSummary, 'state' | 'status' | 'error'> }) {
  const { t } = useTranslation();
  const { trace } = props;
  if (trace.state === 'running')
    return (
      <Badge variant="secondary">
        <Loader2 className="size-3 animate-spin" aria-hidden />
        {t('traces.running')}
      </Badge>
    );
  if (trace.state === 'interrupted') return <Badge variant="warning">{t('traces.interrupted')}</Badge>;
  const failed = trace.status >= 400 || trace.error !== undefined;
  return (
    <Badge variant={failed ? 'destructive' : 'success'} title={trace.error}>
      {trace.status || t('traces.failed')}
    </Badge>
  );
}
