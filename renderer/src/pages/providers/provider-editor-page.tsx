import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Download, Eye, FlaskConical, Save } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link, useLocation, useRoute } from 'wouter';
import { providerSchema, type ProviderConfig } from '../../../../main/core/config/schema';
import type { CallError } from '../../client/call-error';
import { KeyValueEditor } from '../../components/key-value-editor';
import { ErrorNotice, Loading } from '../../components/query-state';
import { StringListEditor } from '../../components/string-list-editor';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { collectSchemaErrors, collectServerErrors, errorAt } from '../../lib/collect-field-errors';
import { typedConfig, useConfig } from '../../queries/use-config';
import { callKey, useCall, useMutate } from '../../queries/use-contract';
import { useContractClient } from '../../queries/contract-context';
import {
  emptyProviderForm,
  environmentReference,
  formToProvider,
  providerToForm,
  type ProviderForm,
} from './provider-form-state';
import { presetName, providerFromPreset } from './provider-presets';
import { TestResult } from './test-result';

const FORMATS = ['chat', 'responses', 'anthropic', 'gemini'] as const;
const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Create (blank, from a preset, or a duplicate) or edit one provider. */
export function ProviderEditorPage() {
  const [, editParams] = useRoute<{ id: string }>('/providers/:id');
  const [, duplicateParams] = useRoute<{ id: string }>('/providers/:id/duplicate');
  const editing = editParams && editParams.id !== 'new' ? decodeURIComponent(editParams.id) : undefined;
  const duplicateOf = duplicateParams ? decodeURIComponent(duplicateParams.id) : undefined;
  const config = useConfig();
  const client = useContractClient();
  const [initial, setInitial] = useState<{ form: ProviderForm; original: Record<string, unknown> }>();
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    if (!config.data || initial) return;
    const providers = typedConfig(config.data).providers;
    if (editing) {
      const provider = providers[editing];
      if (!provider) setLoadError(`there is no provider "${editing}"`);
      else setInitial({ form: providerToForm(editing, provider), original: provider });
    } else if (duplicateOf) {
      const provider = providers[duplicateOf];
      if (!provider) {
        setLoadError(`there is no provider "${duplicateOf}"`);
        return;
      }
      // A copy needs the real keys: the masked ones would be saved as text.
      client.invoke('providerRevealKey', { id: duplicateOf }).then(
        (keys) => {
          const form = providerToForm(`${duplicateOf}-copy`, {
            ...provider,
            ...(keys.apiKey !== undefined && { api_key: keys.apiKey }),
            fallback_keys: keys.fallbackKeys,
          });
          setInitial({ form, original: provider });
        },
        (error: CallError) => setLoadError(error.message),
      );
    } else {
      setInitial({ form: emptyProviderForm(), original: {} });
    }
  }, [config.data, editing, duplicateOf, client, initial]);

  if (config.error) return <ErrorNotice message={config.error.message} />;
  if (loadError) return <ErrorNotice message={loadError} />;
  if (!initial) return <Loading />;
  return (
    <ProviderEditor
      key={editing ?? duplicateOf ?? 'new'}
      editing={editing}
      initial={initial.form}
      original={initial.original}
    />
  );
}

function ProviderEditor(props: {
  editing: string | undefined;
  initial: ProviderForm;
  original: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const client = useContractClient();
  const [form, setForm] = useState(props.initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const [revealed, setRevealed] = useState(false);
  const presets = useCall('providerPresets', {}, { staleTime: Infinity, enabled: !props.editing });
  const create = useMutate('providerCreate');
  const update = useMutate('providerUpdate');
  const test = useMutate('providerTest', {
    onSuccess: (result, input) => queryClient.setQueryData(callKey('providerTest', { id: input.id }), result),
    onError: (error) => toast.error(error.message),
  });
  const models = useMutate('providerModels', {
    onSuccess: (answer) => {
      set('models', Array.from(new Set([...form.models, ...answer.models])));
      toast.success(t('providers.modelsFetched', { count: answer.models.length }));
    },
    onError: (error) => toast.error(error.message),
  });

  const set = <Key extends keyof ProviderForm>(key: Key, value: ProviderForm[Key]): void => {
    setForm((current) => ({ ...current, [key]: value }));
    setTouched((current) =>
      new Set(current).add(
        key === 'max_output_all' || key === 'max_output_per_model' ? 'max_output_tokens' : key,
      ),
    );
    setServerErrors((current) => {
      const { [key]: _dropped, ...rest } = current;
      return rest;
    });
  };

  // Validate as the user types, with the schema the server uses.
  const candidate = useMemo(() => formToProvider(form, props.original), [form, props.original]);
  const localErrors = useMemo(() => {
    const errors = collectSchemaErrors(providerSchema.safeParse(candidate).error);
    if (!props.editing) {
      if (form.id.trim() === '') errors.id = t('providers.form.idRequired');
      else if (!PROVIDER_ID.test(form.id.trim())) errors.id = t('providers.form.idPattern');
    }
    return errors;
  }, [candidate, form.id, props.editing, t]);
  const shown = (path: string): string | undefined =>
    errorAt(serverErrors, path) ?? (submitted || touched.has(path) ? errorAt(localErrors, path) : undefined);

  const save = async (): Promise<void> => {
    setSubmitted(true);
    setServerMessage(undefined);
    if (Object.keys(localErrors).length > 0) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const id = props.editing ?? form.id.trim();
    const provider = candidate as ProviderConfig;
    try {
      if (props.editing) await update.mutateAsync({ id, provider });
      else await create.mutateAsync({ id, provider });
      toast.success(t('providers.saved', { name: id }));
      if (!props.editing) navigate(`/providers/${encodeURIComponent(id)}`, { replace: true });
    } catch (caught) {
      const error = caught as CallError;
      setServerMessage(error.message);
      setServerErrors(collectServerErrors(error.fields, ['provider', `providers.${id}`]));
    }
  };

  const reveal = async (): Promise<void> => {
    if (!props.editing) return;
    try {
      const keys = await client.invoke('providerRevealKey', { id: props.editing });
      setForm((current) => ({ ...current, api_key: keys.apiKey ?? '', fallback_keys: keys.fallbackKeys }));
      setRevealed(true);
    } catch (error) {
      toast.error((error as CallError).message);
    }
  };

  const applyPreset = (presetId: string): void => {
    const preset = presets.data?.presets.find((candidatePreset) => candidatePreset.id === presetId);
    if (!preset) return;
    const filled = providerToForm(
      form.id || preset.id,
      providerSchema.parse(providerFromPreset(preset, form.api_key)),
    );
    setForm(filled);
  };

  const saving = create.isPending || update.isPending;
  const keyReference = environmentReference(form.api_key);
  const title = props.editing ? t('providers.editTitle', { name: props.editing }) : t('providers.newTitle');

  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Button asChild variant="ghost" size="icon" aria-label={t('common.back')}>
          <Link href="/providers">
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <div className="ml-auto flex gap-2">
          {props.editing && (
            <Button
              variant="outline"
              disabled={test.isPending}
              onClick={() =>
                test.mutate({ id: props.editing ?? '', ...(form.models[0] && { model: form.models[0] }) })
              }
            >
              <FlaskConical aria-hidden />
              {t('providers.test.run')}
            </Button>
          )}
          <Button type="submit" disabled={saving}>
            <Save aria-hidden />
            {t('common.save')}
          </Button>
        </div>
      </div>
      {serverMessage && <ErrorNotice message={serverMessage} />}
      {test.data && <TestResult result={test.data} />}

      <Card>
        <CardHeader>
          <CardTitle>{t('providers.form.connection')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-2">
          {!props.editing && (
            <div className="grid gap-1.5 md:col-span-2">
              <Label htmlFor="preset">{t('providers.form.preset')}</Label>
              <Select onValueChange={applyPreset} disabled={!presets.data}>
                <SelectTrigger id="preset" className="max-w-sm">
                  <SelectValue
                    placeholder={
                      presets.error
                        ? t('providers.form.presetsUnavailable')
                        : t('providers.form.presetPlaceholder')
                    }
                  />
                </SelectTrigger>
                <SelectContent>
                  {presets.data?.presets.map((preset) => (
                    <SelectItem key={preset.id} value={preset.id}>
                      {presetName(preset, i18n.language)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          )}
          {!props.editing && (
            <Field label={t('providers.form.id')} hint={t('providers.form.idHint')} error={shown('id')}>
              {(control) => (
                <Input
                  {...control}
                  name="id"
                  value={form.id}
                  onChange={(event) => set('id', event.target.value)}
                />
              )}
            </Field>
          )}
          <Field label={t('providers.form.name')} error={shown('name')}>
            {(control) => (
              <Input
                {...control}
                name="name"
                value={form.name}
                onChange={(event) => set('name', event.target.value)}
              />
            )}
          </Field>
          <Field label={t('providers.form.baseUrl')} error={shown('base_url')} className="md:col-span-2">
            {(control) => (
              <Input
                {...control}
                name="base_url"
                value={form.base_url}
                placeholder="https://api.deepseek.com"
                onChange={(event) => set('base_url', event.target.value)}
              />
            )}
          </Field>
          <div className="grid gap-1.5">
            <Label htmlFor="format">{t('providers.form.format')}</Label>
            <Select
              value={form.format}
              onValueChange={(value) => set('format', value as ProviderForm['format'])}
            >
              <SelectTrigger id="format">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {FORMATS.map((format) => (
                  <SelectItem key={format} value={format}>
                    {t(`providers.format.${format}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <Field label={t('providers.form.path')} hint={t('providers.form.pathHint')} error={shown('path')}>
            {(control) => (
              <Input
                {...control}
                name="path"
                value={form.path}
                placeholder="/chat/completions"
                onChange={(event) => set('path', event.target.value)}
              />
            )}
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t('providers.form.keys')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field
            label={t('providers.form.apiKey')}
            hint={
              keyReference
                ? t('providers.form.envReference', { name: keyReference })
                : t('providers.form.apiKeyHint')
            }
            error={shown('api_key')}
          >
            {(control) => (
              <div className="flex gap-2">
                <Input
                  {...control}
                  name="api_key"
                  type={revealed || keyReference ? 'text' : 'password'}
                  autoComplete="off"
                  value={form.api_key}
                  onChange={(event) => set('api_key', event.target.value)}
                />
                {keyReference && <Badge variant="secondary">{t('providers.form.envBadge')}</Badge>}
                {props.editing && !revealed && (
                  <Button variant="outline" onClick={() => void reveal()}>
                    <Eye aria-hidden />
                    {t('providers.form.reveal')}
                  </Button>
                )}
              </div>
            )}
          </Field>
          <Field
            label={t('providers.form.fallbackKeys')}
            hint={t('providers.form.fallbackKeysHint')}
            error={shown('fallback_keys')}
          >
            {(control) => (
              <StringListEditor
                id={control.id}
                describedBy={control['aria-describedby']}
                label={t('providers.form.fallbackKeys')}
                values={form.fallback_keys}
                secret={!revealed}
                onChange={(values) => set('fallback_keys', values)}
                renderBadge={(value) =>
                  environmentReference(value) && (
                    <Badge variant="secondary">{t('providers.form.envBadge')}</Badge>
                  )
                }
              />
            )}
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t('providers.form.models')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field label={t('providers.form.modelList')} error={shown('models')}>
            {(control) => (
              <StringListEditor
                id={control.id}
                describedBy={control['aria-describedby']}
                label={t('providers.form.modelList')}
                values={form.models}
                onChange={(values) => set('models', values)}
                placeholder="deepseek-chat"
              />
            )}
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="outline"
              size="sm"
              disabled={!props.editing || models.isPending}
              onClick={() => props.editing && models.mutate({ id: props.editing })}
            >
              <Download aria-hidden />
              {t('providers.form.fetchModels')}
            </Button>
            {!props.editing && (
              <span className="text-xs text-muted-foreground">
                {t('providers.form.fetchModelsAfterSave')}
              </span>
            )}
          </div>
          <Field
            label={t('providers.form.maxOutputAll')}
            hint={t('providers.form.maxOutputHint')}
            error={shown('max_output_tokens')}
          >
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                className="max-w-40"
                value={form.max_output_all}
                onChange={(event) => set('max_output_all', event.target.value)}
              />
            )}
          </Field>
          {form.models.length > 0 && (
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">{t('providers.form.maxOutputPerModel')}</legend>
              <div className="grid gap-2 sm:grid-cols-2">
                {form.models.map((model) => (
                  <label key={model} className="flex items-center gap-2 text-sm">
                    <span className="w-48 truncate font-mono text-xs" title={model}>
                      {model}
                    </span>
                    <Input
                      className="w-32"
                      inputMode="numeric"
                      aria-label={t('providers.form.maxOutputFor', { model })}
                      value={form.max_output_per_model[model] ?? ''}
                      onChange={(event) =>
                        set('max_output_per_model', {
                          ...form.max_output_per_model,
                          [model]: event.target.value,
                        })
                      }
                    />
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <Field
            label={t('providers.form.thinkTag')}
            hint={t('providers.form.thinkTagHint')}
            error={shown('think_tag')}
          >
            {(control) => (
              <Input
                {...control}
                className="max-w-40"
                value={form.think_tag}
                placeholder="think"
                onChange={(event) => set('think_tag', event.target.value)}
              />
            )}
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t('providers.form.network')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex items-center gap-3">
            <Switch
              id="enable-proxy"
              checked={form.enable_proxy}
              onCheckedChange={(checked) => set('enable_proxy', checked)}
            />
            <Label htmlFor="enable-proxy">{t('providers.form.enableProxy')}</Label>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            {(['connect_timeout_ms', 'first_byte_timeout_ms', 'idle_timeout_ms'] as const).map((key) => (
              <Field key={key} label={t(`providers.form.${key}`)} error={shown(key)}>
                {(control) => (
                  <Input
                    {...control}
                    inputMode="numeric"
                    value={form[key]}
                    onChange={(event) => set(key, event.target.value)}
                  />
                )}
              </Field>
            ))}
          </div>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" id="headers-label">
              {t('providers.form.customHeaders')}
            </span>
            <KeyValueEditor
              label={t('providers.form.customHeaders')}
              rows={form.custom_headers}
              onChange={(rows) => set('custom_headers', rows)}
              nameLabel={t('providers.form.headerName')}
              valueLabel={t('providers.form.headerValue')}
              namePlaceholder="x-header"
              valuePlaceholder="value"
            />
            {shown('custom_headers') && (
              <p role="alert" className="text-xs font-medium text-destructive">
                {shown('custom_headers')}
              </p>
            )}
          </div>
        </CardContent>
      </Card>
    </form>
  );
}
