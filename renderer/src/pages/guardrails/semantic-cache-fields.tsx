import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { routeOptions } from './budgets-card';
import type { EditorSectionProps } from './editor-section';
import type { SemanticForm } from './semantic-form-state';

type TextField = 'threshold' | 'timeout_ms' | 'memory_mb' | 'max_false_hit_rate';
const NUMBER_FIELDS: readonly TextField[] = ['threshold', 'timeout_ms', 'memory_mb', 'max_false_hit_rate'];

/** The `semantic:` block, shown while the cache's mode is semantic: the embedder, its threshold, opted-in routes. */
export function SemanticCacheFields(props: EditorSectionProps) {
  const { t } = useTranslation();
  const semantic = props.form.semantic;
  const set = (patch: Partial<SemanticForm>): void =>
    props.update((form) => ({ ...form, semantic: { ...form.semantic, ...patch } }));
  const at = (field: string) => props.errorAt(`cache.semantic.${field}`);
  const blockError = props.errorExactly('cache.semantic');
  // A provider the file names that is gone is still offered, so the field shows what is saved.
  const providers = props.providers.some((provider) => provider.id === semantic.provider)
    ? props.providers
    : [
        ...props.providers,
        ...(semantic.provider === '' ? [] : [{ id: semantic.provider, label: semantic.provider }]),
      ];
  const routes = routeOptions(props.routes, '')
    .filter((route) => route.key !== '*')
    .concat(
      semantic.routes
        .filter((key) => !props.routes.some((route) => route.key === key))
        .flatMap((key) => routeOptions([], key)),
    );
  return (
    <fieldset
      className="grid gap-4 rounded-md border p-3 sm:col-span-2 sm:grid-cols-2 lg:col-span-4 lg:grid-cols-4"
      data-testid="semantic-editor"
    >
      <legend className="px-1 text-sm font-medium">{t('guardrails.cache.semantic.title')}</legend>
      <p className="text-xs text-muted-foreground sm:col-span-2 lg:col-span-4">
        {t('guardrails.cache.semantic.description')}
      </p>
      <Field
        label={t('guardrails.cache.semantic.provider')}
        hint={t('guardrails.cache.semantic.providerHint')}
        error={at('provider')}
      >
        {(control) => (
          <Select value={semantic.provider} onValueChange={(provider) => set({ provider })}>
            <SelectTrigger {...control}>
              <SelectValue placeholder={t('guardrails.cache.semantic.providerPlaceholder')} />
            </SelectTrigger>
            <SelectContent>
              {providers.map((provider) => (
                <SelectItem key={provider.id} value={provider.id}>
                  {provider.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </Field>
      <Field
        label={t('guardrails.cache.semantic.model')}
        hint={t('guardrails.cache.semantic.modelHint')}
        error={at('model')}
      >
        {(control) => (
          <Input
            {...control}
            value={semantic.model}
            placeholder="text-embedding-3-small"
            onChange={(event) => set({ model: event.target.value })}
          />
        )}
      </Field>
      {NUMBER_FIELDS.map((field) => (
        <Field
          key={field}
          label={t(`guardrails.cache.semantic.${field}`)}
          hint={t(`guardrails.cache.semantic.hints.${field}`)}
          error={at(field)}
        >
          {(control) => (
            <Input
              {...control}
              inputMode="decimal"
              value={semantic[field]}
              onChange={(event) => set({ [field]: event.target.value })}
            />
          )}
        </Field>
      ))}
      <div className="grid content-start gap-2 sm:col-span-2 lg:col-span-4">
        <span className="text-sm font-medium" id="semantic-routes-label">
          {t('guardrails.cache.semantic.routes')}
        </span>
        <p className="text-xs text-muted-foreground">{t('guardrails.cache.semantic.hints.routes')}</p>
        {routes.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('guardrails.cache.semantic.noRoutes')}</p>
        ) : (
          <div
            className="flex flex-wrap gap-x-6 gap-y-2"
            role="group"
            aria-labelledby="semantic-routes-label"
          >
            {routes.map((route, index) => (
              <div key={route.key} className="flex items-center gap-2">
                <Switch
                  id={`semantic-route-${index}`}
                  checked={semantic.routes.includes(route.key)}
                  onCheckedChange={(checked) =>
                    set({
                      routes: checked
                        ? [...semantic.routes, route.key]
                        : semantic.routes.filter((key) => key !== route.key),
                    })
                  }
                />
                <Label htmlFor={`semantic-route-${index}`}>{route.label}</Label>
              </div>
            ))}
          </div>
        )}
        {at('routes') && (
          <p role="alert" className="text-xs font-medium text-destructive">
            {at('routes')}
          </p>
        )}
      </div>
      {blockError && (
        <p role="alert" className="text-xs font-medium text-destructive sm:col-span-2 lg:col-span-4">
          {blockError}
        </p>
      )}
    </fieldset>
  );
}
