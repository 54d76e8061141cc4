import { CheckCircle2, XCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../client/calls';
import { Badge } from '../../components/ui/badge';
import { formatDuration } from '../../lib/format';

/** A provider test: latency, streaming and tool-call support, or the provider's own error text. */
export function TestResult(props: { result: CallOutput<'providerTest'> }) {
  const { t, i18n } = useTranslation();
  const { result } = props;
  return (
    <div role="status" className="grid gap-2 rounded-md border p-3 text-sm" data-testid="test-result">
      <p className="flex items-center gap-2 font-medium">
        {result.ok ? (
          <CheckCircle2 className="size-4 text-success" aria-hidden />
        ) : (
          <XCircle className="size-4 text-destructive" aria-hidden />
        )}
        {result.ok ? t('providers.test.ok') : t('providers.test.failed')}
        <span className="font-normal text-muted-foreground">
          {formatDuration(result.latencyMs, i18n.language)}
        </span>
        {result.model && <code className="text-xs text-muted-foreground">{result.model}</code>}
      </p>
      {result.ok && (
        <div className="flex flex-wrap gap-2">
          <Badge variant={result.streaming ? 'success' : 'secondary'}>
            {t(result.streaming ? 'providers.test.streaming' : 'providers.test.noStreaming')}
          </Badge>
          <Badge variant={result.toolCalls ? 'success' : 'secondary'}>
            {t(result.toolCalls ? 'providers.test.tools' : 'providers.test.noTools')}
          </Badge>
        </div>
      )}
      {result.error && (
        <pre className="whitespace-pre-wrap break-words text-xs text-destructive">{result.error}</pre>
      )}
    </div>
  );
}
