import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import type { EditorSectionProps } from './editor-section';
import { RouteSwitches } from './route-switches';
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
      <RouteSwitches
        className="sm:col-span-2 lg:col-span-4"
        label={t('guardrails.cache.semantic.routes')}
        hint={t('guardrails.cache.semantic.hints.routes')}
        error={at('routes')}
        routes={props.routes}
        values={semantic.routes}
        onChange={(routes) => set({ routes })}
      />
      {blockError && (
        <p role="alert" className="text-xs font-medium text-destructive sm:col-span-2 lg:col-span-4">
          {blockError}
        </p>
      )}
    </fieldset>
  );
}
