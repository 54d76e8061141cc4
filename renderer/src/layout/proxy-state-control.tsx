import { Pause, Play } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import type { CallError } from '../client/call-error';
import type { CallOutput } from '../client/calls';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { useMutate } from '../queries/use-contract';

/** How each lifecycle state looks in the header. */
const STATE_VARIANTS: Record<
  CallOutput<'status'>['state'],
  'success' | 'warning' | 'destructive' | 'secondary'
> = {
  running: 'success',
  paused: 'warning',
  starting: 'secondary',
  stopping: 'secondary',
  stopped: 'secondary',
  error: 'destructive',
};

/** The header's proxy state (with the reason of an error) and the pause / resume control. */
export function ProxyStateControl(props: {
  status: CallOutput<'status'> | undefined;
  error: CallError | null;
}) {
  const { t } = useTranslation();
  const onError = (error: CallError): void => void toast.error(error.message);
  const pause = useMutate('proxyStop', { onError });
  const resume = useMutate('proxyStart', { onError });
  if (props.error)
    return (
      <Badge variant="destructive" role="status">
        {t('proxy.unreachable')}
      </Badge>
    );
  if (!props.status) return <span className="text-sm text-muted-foreground">{t('common.loading')}</span>;
  const status = props.status;
  const busy = pause.isPending || resume.isPending;
  return (
    <div className="flex min-w-0 items-center gap-3">
      <Badge variant={STATE_VARIANTS[status.state]} role="status">
        <span className="size-2 rounded-full bg-current" aria-hidden />
        {t(`proxy.state.${status.state}`)}
      </Badge>
      {status.state === 'error' && status.error && (
        <span className="truncate text-sm text-destructive" title={status.error}>
          {status.error}
        </span>
      )}
      {status.url && (
        <code className="hidden truncate text-xs text-muted-foreground sm:inline">{status.url}</code>
      )}
      {status.state === 'running' && (
        <Button variant="outline" size="sm" disabled={busy} onClick={() => pause.mutate({})}>
          <Pause aria-hidden />
          {t('proxy.pause')}
        </Button>
      )}
      {status.state === 'paused' && (
        <Button variant="outline" size="sm" disabled={busy} onClick={() => resume.mutate({})}>
          <Play aria-hidden />
          {t('proxy.resume')}
        </Button>
      )}
    </div>
  );
}
