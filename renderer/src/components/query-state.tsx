import { AlertTriangle, Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError } from '../client/call-error';
import { Button } from './ui/button';

/** Loading, error (with retry) and the content once data is there: the three states of every read. */
export function QueryState<Data>(props: {
  query: { data: Data | undefined; error: CallError | null; isPending: boolean; refetch(): unknown };
  children(data: Data): ReactNode;
}) {
  const { t } = useTranslation();
  if (props.query.error)
    return (
      <ErrorNotice message={props.query.error.message}>
        <Button variant="outline" size="sm" onClick={() => void props.query.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorNotice>
    );
  if (props.query.isPending || props.query.data === undefined) return <Loading />;
  return <>{props.children(props.query.data)}</>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="flex items-center gap-2 p-6 text-sm text-muted-foreground" role="status">
      <Loader2 className="size-4 animate-spin" aria-hidden />
      {t('common.loading')}
    </div>
  );
}

export function ErrorNotice(props: { message: string; children?: ReactNode }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive"
    >
      <AlertTriangle className="size-4 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1 break-words">{props.message}</span>
      {props.children}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed p-8 text-center">
      <p className="text-sm text-muted-foreground">{props.title}</p>
      {props.children}
    </div>
  );
}
