import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../client/calls';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../queries/use-contract';
import { computeBodyDiff, type DiffLine } from '../traces/detail/compute-body-diff';

type AuditEntry = CallOutput<'auditList'>['items'][number];
interface ConfigChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

const PAGE_SIZE = 20;

function changesOf(entry: AuditEntry): ConfigChange[] | undefined {
  const changes = entry.detail.changes;
  return Array.isArray(changes) ? (changes as ConfigChange[]) : undefined;
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const isStructure = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** A changed list or section: the trace Diff tab's structural diff of the two, unchanged runs folded. */
function linesOf(change: ConfigChange): DiffLine[] {
  if (isStructure(change.before) || isStructure(change.after)) {
    const side = (present: boolean, value: unknown): string =>
      present ? JSON.stringify(value, null, 2) : '';
    return computeBodyDiff(side('before' in change, change.before), side('after' in change, change.after))
      .lines;
  }
  return [
    ...('before' in change ? [{ kind: 'removed' as const, text: show(change.before) }] : []),
    ...('after' in change ? [{ kind: 'added' as const, text: show(change.after) }] : []),
  ];
}

/** Each changed path with its lines drawn as the trace Diff tab draws them (− red, + green). */
function ChangeLines(props: { changes: ConfigChange[] }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto rounded-md border bg-muted/30 font-mono text-xs" data-testid="audit-diff">
      {props.changes.map((change, index) => (
        <div key={index} className="border-b py-1 last:border-b-0">
          <div className="px-2 pb-0.5 font-semibold text-muted-foreground">{change.path}</div>
          {linesOf(change).map((line, lineIndex) => (
            <div
              key={lineIndex}
              data-kind={line.kind}
              className={cn(
                'flex whitespace-pre',
                line.kind === 'added' && 'bg-success/15',
                line.kind === 'removed' && 'bg-destructive/15',
                line.kind === 'fold' && 'bg-muted text-muted-foreground',
              )}
            >
              {line.kind === 'fold' ? (
                <span className="px-2">{t('traces.diff.folded', { count: line.count })}</span>
              ) : (
                <>
                  <span className="w-4 shrink-0 select-none text-center" aria-hidden>
                    {line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}
                  </span>
                  <span className="pr-4">{line.text}</span>
                </>
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function AuditRow(props: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const { entry } = props;
  const changes = changesOf(entry);
  const input = entry.detail.input;
  return (
    <li
      className="grid gap-1 border-t py-2 first:border-t-0"
      data-testid="audit-row"
      data-action={entry.action}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <time
          className="tabular-nums text-xs text-muted-foreground"
          dateTime={new Date(entry.at).toISOString()}
        >
          {formatDateTime(entry.at, i18n.language)}
        </time>
        <Badge variant="outline">{entry.actor}</Badge>
        <code className="text-xs font-semibold">{entry.action}</code>
        <Badge variant={entry.ok ? 'success' : 'destructive'}>
          {entry.ok ? t('guardrails.audit.ok') : t('guardrails.audit.failed')}
        </Badge>
      </div>
      <p className="break-words text-xs text-muted-foreground">{entry.summary}</p>
      {(changes?.length ?? 0) > 0 || input !== undefined ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted-foreground hover:text-foreground">
            {changes ? t('guardrails.audit.changes', { count: changes.length }) : t('guardrails.audit.input')}
          </summary>
          <div className="mt-1">
            {changes ? (
              <ChangeLines changes={changes} />
            ) : (
              <pre className="overflow-x-auto rounded-md border bg-muted/30 p-2 font-mono">
                {JSON.stringify(input, null, 2)}
              </pre>
            )}
          </div>
        </details>
      ) : null}
    </li>
  );
}

/** The audit log, newest first, a page at a time (the server pages by sequence number). */
export function AuditLogCard() {
  const { t } = useTranslation();
  // The cursors of the pages before this one, so "Newer" goes back without the server paging backwards.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useCall('auditList', { limit: PAGE_SIZE, ...(cursor !== undefined && { cursor }) });
  return (
    <Card data-testid="audit-log">
      <CardHeader>
        <CardTitle>{t('guardrails.audit.title')}</CardTitle>
        <CardDescription>{t('guardrails.audit.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        <QueryState query={page}>
          {(answer) =>
            answer.items.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t('guardrails.audit.empty')}</p>
            ) : (
              <ol aria-label={t('guardrails.audit.title')}>
                {answer.items.map((entry) => (
                  <AuditRow key={entry.seq} entry={entry} />
                ))}
              </ol>
            )
          }
        </QueryState>
        <div className="flex justify-end gap-2">
          <Button
            variant="outline"
            size="sm"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((current) => current.slice(0, -1))}
          >
            <ChevronLeft aria-hidden />
            {t('guardrails.audit.newer')}
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={page.data?.nextCursor === undefined}
            onClick={() => {
              const next = page.data?.nextCursor;
              if (next !== undefined) setCursors((current) => [...current, next]);
            }}
          >
            {t('guardrails.audit.older')}
            <ChevronRight aria-hidden />
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
