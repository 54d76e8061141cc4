import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { BUDGET_LIMITS, BUDGET_WINDOWS } from '../../../../main/core/config/guardrails-schema';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { removeAt, replaceAt, type EditorSectionProps } from './editor-section';
import { RemoveRowButton } from './remove-row-button';
import { emptyBudget, type BudgetRow } from './guardrails-form-state';

/** Budgets: per route key or all routes, per window, one or more limits, a warning share, top-ups. */
export function BudgetsCard(props: EditorSectionProps) {
  const { t } = useTranslation();
  const budgets = props.form.budgets;
  const change = (index: number, patch: Partial<BudgetRow>): void =>
    props.update((form) => ({ ...form, budgets: replaceAt(form.budgets, index, patch) }));
  return (
    <Card data-testid="budgets-editor">
      <CardHeader>
        <CardTitle>{t('guardrails.budgets.title')}</CardTitle>
        <CardDescription>{t('guardrails.budgets.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {budgets.length === 0 && (
          <p className="text-sm text-muted-foreground">{t('guardrails.budgets.none')}</p>
        )}
        {budgets.map((row, index) => {
          const at = (field: string) => props.errorAt(`budgets.${index}.${field}`);
          const rowError = props.errorExactly(`budgets.${index}`);
          return (
            <fieldset
              key={index}
              className="grid gap-3 rounded-md border p-3"
              aria-label={t('guardrails.budgets.row', { index: index + 1 })}
              data-testid={`budget-${index}`}
            >
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_9rem_7rem_auto_auto]">
                <Field label={t('guardrails.common.name')} error={at('name')}>
                  {(control) => (
                    <Input
                      {...control}
                      value={row.name}
                      placeholder={t('guardrails.common.namePlaceholder')}
                      onChange={(event) => change(index, { name: event.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('guardrails.common.route')} error={at('route')}>
                  {(control) => (
                    <Select value={row.route} onValueChange={(route) => change(index, { route })}>
                      <SelectTrigger {...control}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {routeOptions(props.routes, row.route).map((route) => (
                          <SelectItem key={route.key} value={route.key}>
                            {route.key === '*' ? t('guardrails.common.allRoutes') : route.label}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                </Field>
                <Field label={t('guardrails.budgets.window')} error={at('window')}>
                  {(control) => (
                    <Select
                      value={row.window}
                      onValueChange={(window) => change(index, { window: window as BudgetRow['window'] })}
                    >
                      <SelectTrigger {...control}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {BUDGET_WINDOWS.map((window) => (
                          <SelectItem key={window} value={window}>
                            {t(`guardrails.window.${window}`)}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                </Field>
                <Field label={t('guardrails.budgets.warnAt')} error={at('warn_at')}>
                  {(control) => (
                    <Input
                      {...control}
                      inputMode="decimal"
                      value={row.warn_at}
                      onChange={(event) => change(index, { warn_at: event.target.value })}
                    />
                  )}
                </Field>
                <div className="flex items-center gap-2 self-end pb-2">
                  <Switch
                    id={`budget-${index}-top-up`}
                    checked={row.top_up}
                    onCheckedChange={(top_up) => change(index, { top_up })}
                  />
                  <Label htmlFor={`budget-${index}-top-up`}>{t('guardrails.budgets.topUp')}</Label>
                </div>
                <RemoveRowButton
                  className="self-end"
                  label={t('guardrails.budgets.remove', { index: index + 1 })}
                  onRemove={() =>
                    props.update((form) => ({ ...form, budgets: removeAt(form.budgets, index) }))
                  }
                />
              </div>
              <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
                {BUDGET_LIMITS.map((limit) => (
                  <Field key={limit} label={t(`guardrails.limit.${limit}`)} error={at(limit)}>
                    {(control) => (
                      <Input
                        {...control}
                        inputMode="decimal"
                        value={row.limits[limit]}
                        placeholder="—"
                        onChange={(event) =>
                          change(index, { limits: { ...row.limits, [limit]: event.target.value } })
                        }
                      />
                    )}
                  </Field>
                ))}
              </div>
              {rowError && (
                <p role="alert" className="text-xs font-medium text-destructive">
                  {rowError}
                </p>
              )}
            </fieldset>
          );
        })}
        <div>
          <Button
            variant="outline"
            size="sm"
            onClick={() => props.update((form) => ({ ...form, budgets: [...form.budgets, emptyBudget()] }))}
          >
            <Plus aria-hidden />
            {t('guardrails.budgets.add')}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** The routes to offer, with the row's own key kept even when no route has it any more. */
export function routeOptions(
  routes: readonly { key: string; label: string }[],
  current: string,
): readonly { key: string; label: string }[] {
  if (current === '' || routes.some((route) => route.key === current)) return routes;
  return [...routes, { key: current, label: current.length <= 12 ? current : `${current.slice(0, 7)}…` }];
}
