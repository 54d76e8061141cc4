import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { describeCacheFields } from './describe-cache-fields';
import { RouteSwitches } from './route-switches';
import { SemanticCacheFields } from './semantic-cache-fields';
import type { EditorSectionProps } from './editor-section';
import type { GuardrailsForm } from './guardrails-form-state';

// A nested section of the cache (if the schema grows one) is kept as the file has it.
const CACHE_FIELDS = describeCacheFields().filter((field) => field.kind !== 'nested');

/** The response cache, one control per field of the cache schema (an enum a select, a number a field…). */
export function CacheCard(props: EditorSectionProps) {
  const { t } = useTranslation();
  const cache = props.form.cache;
  const set = (name: string, value: unknown): void =>
    props.update((form) => ({ ...form, cache: { ...form.cache, [name]: value } }));
  const label = (name: string): string => t(`guardrails.cache.fields.${name}`, { defaultValue: name });
  const hint = (name: string): string | undefined => {
    const text = t(`guardrails.cache.hints.${name}`, { defaultValue: '' });
    return text === '' ? undefined : text;
  };
  return (
    <Card data-testid="cache-editor">
      <CardHeader>
        <CardTitle>{t('guardrails.cache.title')}</CardTitle>
        <CardDescription>{t('guardrails.cache.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {CACHE_FIELDS.map((field) => {
          const error = props.errorAt(`cache.${field.name}`);
          const value = cache[field.name];
          switch (field.kind) {
            case 'enum':
              return (
                <Field key={field.name} label={label(field.name)} hint={hint(field.name)} error={error}>
                  {(control) => (
                    <Select value={String(value ?? '')} onValueChange={(next) => set(field.name, next)}>
                      <SelectTrigger {...control}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {field.options.map((option) => (
                          <SelectItem key={option} value={option}>
                            {t(`guardrails.cache.options.${field.name}.${option}`, { defaultValue: option })}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                </Field>
              );
            case 'boolean':
              return (
                <div key={field.name} className="grid content-start gap-1.5">
                  <div className="flex items-center gap-2 pt-6">
                    <Switch
                      id={`cache-${field.name}`}
                      checked={value === true}
                      onCheckedChange={(checked) => set(field.name, checked)}
                    />
                    <Label htmlFor={`cache-${field.name}`}>{label(field.name)}</Label>
                  </div>
                  {hint(field.name) && <p className="text-xs text-muted-foreground">{hint(field.name)}</p>}
                  {error && (
                    <p role="alert" className="text-xs font-medium text-destructive">
                      {error}
                    </p>
                  )}
                </div>
              );
            case 'list':
              // The cache's lists are route keys (skip_routes): picked by label, the keys never shown.
              return (
                <RouteSwitches
                  key={field.name}
                  className="sm:col-span-2"
                  label={label(field.name)}
                  hint={hint(field.name)}
                  error={error}
                  routes={props.routes}
                  values={Array.isArray(value) ? (value as string[]) : []}
                  onChange={(values) => set(field.name, values)}
                />
              );
            default:
              return (
                <Field key={field.name} label={label(field.name)} hint={hint(field.name)} error={error}>
                  {(control) => (
                    <Input
                      {...control}
                      inputMode={field.kind === 'number' ? 'decimal' : undefined}
                      value={typeof value === 'string' ? value : ''}
                      onChange={(event) => set(field.name, event.target.value)}
                    />
                  )}
                </Field>
              );
          }
        })}
        {cache.mode === 'semantic' && <SemanticCacheFields {...props} />}
      </CardContent>
    </Card>
  );
}

/** Lockout: slow down, then block, an address that keeps failing to authenticate. */
export function LockoutCard(props: EditorSectionProps) {
  const { t } = useTranslation();
  const lockout = props.form.lockout;
  const set = (patch: Partial<GuardrailsForm['lockout']>): void =>
    props.update((form) => ({ ...form, lockout: { ...form.lockout, ...patch } }));
  return (
    <Card data-testid="lockout-editor">
      <CardHeader>
        <CardTitle>{t('guardrails.lockout.title')}</CardTitle>
        <CardDescription>{t('guardrails.lockout.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex items-center gap-2 self-end pb-2">
          <Switch
            id="lockout-enabled"
            checked={lockout.enabled}
            onCheckedChange={(enabled) => set({ enabled })}
          />
          <Label htmlFor="lockout-enabled">{t('guardrails.lockout.enabled')}</Label>
        </div>
        {(['max_failures', 'window_s', 'block_s'] as const).map((field) => (
          <Field
            key={field}
            label={t(`guardrails.lockout.${field}`)}
            error={props.errorAt(`lockout.${field}`)}
          >
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                disabled={!lockout.enabled}
                value={lockout[field]}
                onChange={(event) => set({ [field]: event.target.value })}
              />
            )}
          </Field>
        ))}
      </CardContent>
    </Card>
  );
}
