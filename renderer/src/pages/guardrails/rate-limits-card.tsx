import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { routeOptions } from './budgets-card';
import { removeAt, replaceAt, type EditorSectionProps } from './editor-section';
import { RemoveRowButton } from './remove-row-button';
import { emptyRateLimit, type RateLimitRow } from './guardrails-form-state';

const NUMBERS = ['rpm', 'concurrent', 'queue_s', 'queue_max'] as const;

/** Requests per minute and at once, per route key or provider, with a bounded wait in line. */
export function RateLimitsCard(props: EditorSectionProps) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<RateLimitRow>): void =>
    props.update((form) => ({ ...form, rate_limits: replaceAt(form.rate_limits, index, patch) }));
  return (
    <Card data-testid="rate-limits-editor">
      <CardHeader>
        <CardTitle>{t('guardrails.rateLimits.title')}</CardTitle>
        <CardDescription>{t('guardrails.rateLimits.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {props.form.rate_limits.length === 0 && (
          <p className="text-sm text-muted-foreground">{t('guardrails.rateLimits.none')}</p>
        )}
        {props.form.rate_limits.map((row, index) => {
          const at = (field: string) => props.errorAt(`rate_limits.${index}.${field}`);
          const rowError = props.errorExactly(`rate_limits.${index}`);
          const targets =
            row.scope === 'route'
              ? routeOptions(props.routes, row.target).map((route) => ({
                  value: route.key,
                  label: route.key === '*' ? t('guardrails.common.allRoutes') : route.label,
                }))
              : [
                  ...new Set([...props.providers.map((provider) => provider.id), row.target].filter(Boolean)),
                ].map((provider) => ({
                  value: provider,
                  label: provider,
                }));
          return (
            <fieldset
              key={index}
              className="grid gap-3 rounded-md border p-3 sm:grid-cols-2 lg:grid-cols-[1fr_8rem_1fr_repeat(4,6rem)_auto]"
              aria-label={t('guardrails.rateLimits.row', { index: index + 1 })}
            >
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
              <Field label={t('guardrails.rateLimits.scope')}>
                {(control) => (
                  <Select
                    value={row.scope}
                    onValueChange={(scope) =>
                      change(index, {
                        scope: scope as RateLimitRow['scope'],
                        target: scope === 'route' ? '*' : (props.providers[0]?.id ?? ''),
                      })
                    }
                  >
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="route">{t('guardrails.rateLimits.scopeRoute')}</SelectItem>
                      <SelectItem value="provider">{t('guardrails.rateLimits.scopeProvider')}</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              </Field>
              <Field
                label={
                  row.scope === 'route' ? t('guardrails.common.route') : t('guardrails.rateLimits.provider')
                }
                error={at(row.scope)}
              >
                {(control) => (
                  <Select value={row.target} onValueChange={(target) => change(index, { target })}>
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {targets.map((target) => (
                        <SelectItem key={target.value} value={target.value}>
                          {target.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
              {NUMBERS.map((field) => (
                <Field key={field} label={t(`guardrails.rateLimits.${field}`)} error={at(field)}>
                  {(control) => (
                    <Input
                      {...control}
                      inputMode="numeric"
                      value={row[field]}
                      placeholder="—"
                      onChange={(event) => change(index, { [field]: event.target.value })}
                    />
                  )}
                </Field>
              ))}
              <RemoveRowButton
                className="self-end"
                label={t('guardrails.rateLimits.remove', { index: index + 1 })}
                onRemove={() =>
                  props.update((form) => ({ ...form, rate_limits: removeAt(form.rate_limits, index) }))
                }
              />
              {rowError && (
                <p role="alert" className="col-span-full text-xs font-medium text-destructive">
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
            onClick={() =>
              props.update((form) => ({ ...form, rate_limits: [...form.rate_limits, emptyRateLimit()] }))
            }
          >
            <Plus aria-hidden />
            {t('guardrails.rateLimits.add')}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
