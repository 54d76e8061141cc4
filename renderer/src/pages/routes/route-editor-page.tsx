import { ArrowDown, ArrowLeft, ArrowUp, Plus, Save, X } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link, useLocation, useRoute } from 'wouter';
import { routeSchema, SCENES, type AppConfig, type RouteConfig } from '../../../../main/core/config/schema';
import type { CallError } from '../../client/call-error';
import { CopyButton } from '../../components/copy-button';
import { KeyValueEditor } from '../../components/key-value-editor';
import { ModelPicker } from '../../components/model-picker';
import { ErrorNotice, QueryState } from '../../components/query-state';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { collectSchemaErrors, collectServerErrors, errorAt } from '../../lib/collect-field-errors';
import { generateRouteKey, typedConfig, useConfig } from '../../queries/use-config';
import { useMutate } from '../../queries/use-contract';
import { emptyRouteForm, formToRoute, routeToForm, type RouteForm } from './route-form-state';
import { TryItPanel } from './try-it-panel';

export function RouteEditorPage() {
  const [, params] = useRoute<{ id: string }>('/routes/:id');
  const editing = params && params.id !== 'new' ? decodeURIComponent(params.id) : undefined;
  const config = useConfig();
  const { t } = useTranslation();
  return (
    <QueryState query={config}>
      {(answer) => {
        const parsed = typedConfig(answer);
        if (editing && !parsed.routes[editing]) return <ErrorNotice message={t('routes.notFound')} />;
        const route = editing ? parsed.routes[editing] : undefined;
        const initial =
          route && editing
            ? routeToForm(editing, route)
            : emptyRouteForm(generateRouteKey(), Object.keys(parsed.providers)[0]);
        return (
          <RouteEditor
            key={editing ?? 'new'}
            config={parsed}
            editing={editing}
            initial={initial}
            original={route ?? {}}
          />
        );
      }}
    </QueryState>
  );
}

function RouteEditor(props: {
  config: AppConfig;
  editing: string | undefined;
  initial: RouteForm;
  original: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [form, setForm] = useState(props.initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const [fallbackDraft, setFallbackDraft] = useState('');
  const create = useMutate('routeCreate');
  const update = useMutate('routeUpdate');

  const set = <Key extends keyof RouteForm>(key: Key, value: RouteForm[Key]): void => {
    setForm((current) => ({ ...current, [key]: value }));
    setTouched((current) => new Set(current).add(key));
    setServerErrors({});
  };

  const candidate = useMemo(() => formToRoute(form, props.original), [form, props.original]);
  const localErrors = useMemo(() => {
    const errors = collectSchemaErrors(routeSchema.safeParse(candidate).error);
    if (form.provider && !props.config.providers[form.provider])
      errors.provider = t('routes.form.unknownProvider', { provider: form.provider });
    return errors;
  }, [candidate, form.provider, props.config.providers, t]);
  const shown = (path: string): string | undefined =>
    errorAt(serverErrors, path) ??
    (submitted || touched.has(path.split('.')[0] ?? path) ? errorAt(localErrors, path) : undefined);

  const save = async (): Promise<void> => {
    setSubmitted(true);
    setServerMessage(undefined);
    if (Object.keys(localErrors).length > 0) return;
    const id = props.editing ?? form.key;
    try {
      if (props.editing) await update.mutateAsync({ id, route: candidate as RouteConfig });
      else await create.mutateAsync({ id, route: candidate as RouteConfig });
      toast.success(t('routes.saved'));
      if (!props.editing) navigate(`/routes/${encodeURIComponent(id)}`, { replace: true });
    } catch (caught) {
      const error = caught as CallError;
      setServerMessage(error.message);
      setServerErrors(collectServerErrors(error.fields, ['route', `routes.${id}`]));
    }
  };

  const moveFallback = (index: number, offset: number): void => {
    const next = [...form.fallback];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + offset, 0, moved);
    set('fallback', next);
  };

  const providers = Object.keys(props.config.providers);
  return (
    <div className="grid gap-4">
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
            <Link href="/routes">
              <ArrowLeft aria-hidden />
            </Link>
          </Button>
          <h1 className="text-2xl font-semibold">
            {props.editing
              ? t('routes.editTitle', { name: form.label || t('routes.untitled') })
              : t('routes.newTitle')}
          </h1>
          <Button type="submit" className="ml-auto" disabled={create.isPending || update.isPending}>
            <Save aria-hidden />
            {t('common.save')}
          </Button>
        </div>
        {serverMessage && <ErrorNotice message={serverMessage} />}

        <Card>
          <CardHeader>
            <CardTitle>{t('routes.form.basics')}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <div className="grid gap-1.5 md:col-span-2">
              <Label htmlFor="route-key">{t('routes.form.key')}</Label>
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  id="route-key"
                  readOnly
                  value={form.key}
                  className="max-w-md font-mono text-xs"
                  aria-describedby="route-key-hint"
                />
                <CopyButton text={form.key} />
              </div>
              <p id="route-key-hint" className="text-xs text-muted-foreground">
                {t('routes.form.keyHint')}
              </p>
            </div>
            <Field label={t('routes.form.label')} error={shown('label')}>
              {(control) => (
                <Input
                  {...control}
                  value={form.label}
                  placeholder="Claude Code"
                  onChange={(event) => set('label', event.target.value)}
                />
              )}
            </Field>
            <div className="flex items-center gap-3 self-end pb-2">
              <Switch
                id="route-enabled"
                checked={!form.disabled}
                onCheckedChange={(checked) => set('disabled', !checked)}
              />
              <Label htmlFor="route-enabled">{t('routes.form.enabled')}</Label>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="route-provider">{t('routes.form.provider')}</Label>
              <Select value={form.provider} onValueChange={(value) => set('provider', value)}>
                <SelectTrigger id="route-provider" aria-invalid={shown('provider') ? true : undefined}>
                  <SelectValue placeholder={t('routes.form.pickProvider')} />
                </SelectTrigger>
                <SelectContent>
                  {providers.map((id) => (
                    <SelectItem key={id} value={id}>
                      {props.config.providers[id]?.name ?? id}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {shown('provider') && (
                <p role="alert" className="text-xs font-medium text-destructive">
                  {shown('provider')}
                </p>
              )}
            </div>
            <Field label={t('routes.form.defaultModel')} error={shown('default_model')}>
              {(control) => (
                <ModelPicker
                  {...control}
                  config={props.config}
                  routeProvider={form.provider}
                  value={form.default_model}
                  onChange={(value) => set('default_model', value)}
                />
              )}
            </Field>
            <Field
              label={t('routes.form.longContextThreshold')}
              hint={t('routes.form.longContextHint')}
              error={shown('long_context_threshold')}
            >
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={form.long_context_threshold}
                  placeholder="60000"
                  onChange={(event) => set('long_context_threshold', event.target.value)}
                />
              )}
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t('routes.form.sceneMap')}</CardTitle>
            <CardDescription>{t('routes.form.sceneMapHint')}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {SCENES.map((scene) => (
              <Field
                key={scene}
                label={t(`routes.scene.${scene}`)}
                hint={t(`routes.sceneHint.${scene}`)}
                error={shown(`scene_map.${scene}`)}
              >
                {(control) => (
                  <ModelPicker
                    {...control}
                    config={props.config}
                    routeProvider={form.provider}
                    value={form.scene_map[scene] ?? ''}
                    onChange={(value) => set('scene_map', { ...form.scene_map, [scene]: value })}
                  />
                )}
              </Field>
            ))}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t('routes.form.modelMap')}</CardTitle>
            <CardDescription>{t('routes.form.modelMapHint')}</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueEditor
              label={t('routes.form.modelMap')}
              rows={form.model_map}
              onChange={(rows) => set('model_map', rows)}
              nameLabel={t('routes.form.clientModel')}
              valueLabel={t('routes.form.upstreamModel')}
              namePlaceholder="claude-sonnet-4-5"
              valuePlaceholder="deepseek-chat"
              renderValue={(row, index, change) => (
                <ModelPicker
                  config={props.config}
                  routeProvider={form.provider}
                  value={row.value}
                  onChange={change}
                  aria-label={`${t('routes.form.upstreamModel')} ${index + 1}`}
                />
              )}
            />
            {shown('model_map') && (
              <p role="alert" className="mt-2 text-xs font-medium text-destructive">
                {shown('model_map')}
              </p>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t('routes.form.fallback')}</CardTitle>
            <CardDescription>{t('routes.form.fallbackHint')}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-2">
            {form.fallback.length > 0 && (
              <ol className="grid gap-1" aria-label={t('routes.form.fallback')}>
                {form.fallback.map((value, index) => (
                  <li
                    key={`${value}-${index}`}
                    className="flex items-center gap-2 rounded-md border px-2 py-1 text-sm"
                  >
                    <span className="w-5 text-xs text-muted-foreground">{index + 1}.</span>
                    <code className="min-w-0 flex-1 truncate text-xs">{value}</code>
                    <Button
                      variant="ghost"
                      size="icon"
                      className="size-7"
                      disabled={index === 0}
                      aria-label={t('routes.form.moveUp', { name: value })}
                      onClick={() => moveFallback(index, -1)}
                    >
                      <ArrowUp aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      className="size-7"
                      disabled={index === form.fallback.length - 1}
                      aria-label={t('routes.form.moveDown', { name: value })}
                      onClick={() => moveFallback(index, 1)}
                    >
                      <ArrowDown aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      className="size-7"
                      aria-label={t('common.removeNamed', { name: value })}
                      onClick={() =>
                        set(
                          'fallback',
                          form.fallback.filter((_, position) => position !== index),
                        )
                      }
                    >
                      <X aria-hidden />
                    </Button>
                  </li>
                ))}
              </ol>
            )}
            <div className="flex gap-2">
              <div className="flex-1">
                <ModelPicker
                  config={props.config}
                  routeProvider={form.provider}
                  value={fallbackDraft}
                  onChange={setFallbackDraft}
                  aria-label={t('routes.form.addFallback')}
                  placeholder="provider|model"
                />
              </div>
              <Button
                variant="outline"
                disabled={fallbackDraft.trim() === ''}
                onClick={() => {
                  set('fallback', [...form.fallback, fallbackDraft.trim()]);
                  setFallbackDraft('');
                }}
              >
                <Plus aria-hidden />
                {t('common.add')}
              </Button>
            </div>
            {shown('fallback') && (
              <p role="alert" className="text-xs font-medium text-destructive">
                {shown('fallback')}
              </p>
            )}
          </CardContent>
        </Card>
      </form>
      {props.editing && <TryItPanel routeKey={props.editing} />}
    </div>
  );
}
