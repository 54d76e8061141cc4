import { useQueryClient } from '@tanstack/react-query';
import { Copy, Pencil, Plus, Trash2 } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link } from 'wouter';
import type { CallOutput } from '../../client/calls';
import { EmptyState, QueryState } from '../../components/query-state';
import { ConfirmDialog } from '../../components/ui/alert-dialog';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { formatNumber, startOfToday } from '../../lib/format';
import { routesUsingProvider, typedConfig, useConfig } from '../../queries/use-config';
import { callKey, useCall, useMutate } from '../../queries/use-contract';

const DAY_MS = 24 * 60 * 60 * 1000;

export function ProvidersPage() {
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const queryClient = useQueryClient();
  const from = useMemo(() => startOfToday(), []);
  const usage = useCall('usageStats', { from, to: from + DAY_MS - 1, groupBy: 'provider' });
  const [deleting, setDeleting] = useState<string>();
  const remove = useMutate('providerDelete', {
    onSuccess: () => toast.success(t('providers.deleted')),
    onError: (error) => toast.error(error.message),
  });
  const requestsToday = new Map(usage.data?.rows.map((row) => [row.key, row.requests]));

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('providers.title')}</h1>
        <Button asChild>
          <Link href="/providers/new">
            <Plus aria-hidden />
            {t('providers.add')}
          </Link>
        </Button>
      </div>
      <QueryState query={config}>
        {(answer) => {
          const parsed = typedConfig(answer);
          const entries = Object.entries(parsed.providers);
          if (entries.length === 0)
            return (
              <EmptyState title={t('providers.empty')}>
                <Button asChild>
                  <Link href="/providers/new">{t('providers.add')}</Link>
                </Button>
              </EmptyState>
            );
          const usedBy = deleting ? routesUsingProvider(parsed, deleting) : [];
          return (
            <>
              <Card className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead className="border-b text-left text-xs uppercase tracking-wide text-muted-foreground">
                    <tr>
                      <th scope="col" className="p-3 font-medium">
                        {t('providers.column.name')}
                      </th>
                      <th scope="col" className="p-3 font-medium">
                        {t('providers.column.format')}
                      </th>
                      <th scope="col" className="hidden p-3 font-medium lg:table-cell">
                        {t('providers.column.baseUrl')}
                      </th>
                      <th scope="col" className="p-3 font-medium">
                        {t('providers.column.status')}
                      </th>
                      <th scope="col" className="p-3 text-right font-medium">
                        {t('providers.column.requestsToday')}
                      </th>
                      <th scope="col" className="p-3">
                        <span className="sr-only">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y">
                    {entries.map(([id, provider]) => {
                      const lastTest = queryClient.getQueryData<CallOutput<'providerTest'>>(
                        callKey('providerTest', { id }),
                      );
                      return (
                        <tr key={id} data-testid={`provider-row-${id}`}>
                          <td className="p-3">
                            <Link
                              href={`/providers/${encodeURIComponent(id)}`}
                              className="font-medium hover:underline"
                            >
                              {provider.name ?? id}
                            </Link>
                            <div className="text-xs text-muted-foreground">
                              {id} · {t('providers.modelCount', { count: provider.models.length })}
                            </div>
                          </td>
                          <td className="p-3">
                            <Badge variant="outline">{provider.format}</Badge>
                          </td>
                          <td className="hidden max-w-64 truncate p-3 font-mono text-xs lg:table-cell">
                            {provider.base_url}
                          </td>
                          <td className="p-3">
                            {lastTest === undefined ? (
                              <span className="text-xs text-muted-foreground">{t('providers.untested')}</span>
                            ) : (
                              <Badge variant={lastTest.ok ? 'success' : 'destructive'} title={lastTest.error}>
                                {lastTest.ok ? t('providers.test.ok') : t('providers.test.failed')}
                              </Badge>
                            )}
                          </td>
                          <td className="p-3 text-right tabular-nums">
                            {formatNumber(requestsToday.get(id) ?? 0, i18n.language)}
                          </td>
                          <td className="p-3">
                            <div className="flex justify-end gap-1">
                              <Button
                                asChild
                                variant="ghost"
                                size="icon"
                                aria-label={t('providers.editNamed', { name: id })}
                              >
                                <Link href={`/providers/${encodeURIComponent(id)}`}>
                                  <Pencil aria-hidden />
                                </Link>
                              </Button>
                              <Button
                                asChild
                                variant="ghost"
                                size="icon"
                                aria-label={t('providers.duplicateNamed', { name: id })}
                              >
                                <Link href={`/providers/${encodeURIComponent(id)}/duplicate`}>
                                  <Copy aria-hidden />
                                </Link>
                              </Button>
                              <Button
                                variant="ghost"
                                size="icon"
                                aria-label={t('providers.deleteNamed', { name: id })}
                                onClick={() => setDeleting(id)}
                              >
                                <Trash2 aria-hidden />
                              </Button>
                            </div>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </Card>
              <ConfirmDialog
                open={deleting !== undefined}
                onOpenChange={(open) => !open && setDeleting(undefined)}
                title={
                  usedBy.length > 0
                    ? t('providers.deleteRefusedTitle')
                    : t('providers.deleteTitle', { name: deleting })
                }
                description={
                  usedBy.length > 0
                    ? t('providers.deleteRefused', { name: deleting, routes: usedBy.join(', ') })
                    : t('providers.deleteConfirm', { name: deleting })
                }
                refused={usedBy.length > 0}
                confirmLabel={t('common.delete')}
                onConfirm={() => deleting && remove.mutate({ id: deleting })}
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
