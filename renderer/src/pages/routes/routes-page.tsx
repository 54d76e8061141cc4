import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link } from 'wouter';
import type { RouteConfig } from '../../../../main/core/config/schema';
import type { CallOutput } from '../../client/calls';
import { CopyButton } from '../../components/copy-button';
import { EmptyState, QueryState } from '../../components/query-state';
import { ConfirmDialog } from '../../components/ui/alert-dialog';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Switch } from '../../components/ui/switch';
import { maskRouteKey, typedConfig, useConfig } from '../../queries/use-config';
import { callKey, useMutate } from '../../queries/use-contract';
import { DefaultRoutesCard } from './default-routes-card';

export function RoutesPage() {
  const { t } = useTranslation();
  const config = useConfig();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<string>();
  const remove = useMutate('routeDelete', {
    onSuccess: () => toast.success(t('routes.deleted')),
    onError: (error) => toast.error(error.message),
  });
  // The switch flips at once; a refusal puts it back.
  const toggle = useMutate('routeUpdate', {
    onMutate: async ({ id, route }) => {
      const key = callKey('configRead', {});
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<CallOutput<'configRead'>>(key);
      if (previous) {
        const routes = {
          ...(previous.config.routes as Record<string, RouteConfig>),
          [id]: route as RouteConfig,
        };
        queryClient.setQueryData(key, { ...previous, config: { ...previous.config, routes } });
      }
      return { previous };
    },
    onError: (error, _input, context) => {
      const previous = (context as { previous?: CallOutput<'configRead'> } | undefined)?.previous;
      if (previous) queryClient.setQueryData(callKey('configRead', {}), previous);
      toast.error(error.message);
    },
  });

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('routes.title')}</h1>
        <Button asChild>
          <Link href="/routes/new">
            <Plus aria-hidden />
            {t('routes.create')}
          </Link>
        </Button>
      </div>
      <QueryState query={config}>
        {(answer) => {
          const parsed = typedConfig(answer);
          const entries = Object.entries(parsed.routes);
          return (
            <>
              {entries.length === 0 ? (
                <EmptyState title={t('routes.empty')}>
                  <Button asChild>
                    <Link href="/routes/new">{t('routes.create')}</Link>
                  </Button>
                </EmptyState>
              ) : (
                <Card className="overflow-x-auto">
                  <table className="w-full text-sm">
                    <thead className="border-b text-left text-xs uppercase tracking-wide text-muted-foreground">
                      <tr>
                        <th scope="col" className="p-3 font-medium">
                          {t('routes.column.enabled')}
                        </th>
                        <th scope="col" className="p-3 font-medium">
                          {t('routes.column.label')}
                        </th>
                        <th scope="col" className="p-3 font-medium">
                          {t('routes.column.key')}
                        </th>
                        <th scope="col" className="p-3 font-medium">
                          {t('routes.column.target')}
                        </th>
                        <th scope="col" className="p-3">
                          <span className="sr-only">{t('common.actions')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y">
                      {entries.map(([key, route]) => {
                        const name = route.label ?? maskRouteKey(key);
                        return (
                          <tr key={key}>
                            <td className="p-3">
                              <Switch
                                checked={!route.disabled}
                                aria-label={t('routes.enableNamed', { name })}
                                onCheckedChange={(checked) =>
                                  toggle.mutate({ id: key, route: { ...route, disabled: !checked } })
                                }
                              />
                            </td>
                            <td className="p-3 font-medium">
                              <Link href={`/routes/${encodeURIComponent(key)}`} className="hover:underline">
                                {name}
                              </Link>
                            </td>
                            <td className="p-3">
                              <div className="flex items-center gap-2">
                                <code className="whitespace-nowrap text-xs">{maskRouteKey(key)}</code>
                                <CopyButton text={key} label={t('routes.copyKey')} />
                              </div>
                            </td>
                            <td className="p-3 text-xs">
                              <span className="font-medium">{route.provider}</span>
                              {route.default_model && (
                                <span className="text-muted-foreground"> · {route.default_model}</span>
                              )}
                            </td>
                            <td className="p-3">
                              <div className="flex justify-end gap-1">
                                <Button
                                  asChild
                                  variant="ghost"
                                  size="icon"
                                  aria-label={t('routes.editNamed', { name })}
                                >
                                  <Link href={`/routes/${encodeURIComponent(key)}`}>
                                    <Pencil aria-hidden />
                                  </Link>
                                </Button>
                                <Button
                                  variant="ghost"
                                  size="icon"
                                  aria-label={t('routes.deleteNamed', { name })}
                                  onClick={() => setDeleting(key)}
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
              )}
              <DefaultRoutesCard config={parsed} />
              <ConfirmDialog
                open={deleting !== undefined}
                onOpenChange={(open) => !open && setDeleting(undefined)}
                title={t('routes.deleteTitle')}
                description={t('routes.deleteConfirm', {
                  name: deleting ? (parsed.routes[deleting]?.label ?? maskRouteKey(deleting)) : '',
                })}
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
