import { Plus, RefreshCw, Save, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import type { AppConfig } from '../../../../main/core/config/schema';
import type { CallError } from '../../client/call-error';
import { calls, type CallOutput, type EventPayload } from '../../client/calls';
import { ErrorNotice, QueryState } from '../../components/query-state';
import { StringListEditor } from '../../components/string-list-editor';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { changeLanguage, LANGUAGES, type Language } from '../../i18n/setup-i18n';
import { LANGUAGE_NAMES } from '../../layout/header-controls';
import { collectSchemaErrors, collectServerErrors, errorAt } from '../../lib/collect-field-errors';
import { useContractClient } from '../../queries/contract-context';
import { typedConfig, useConfig } from '../../queries/use-config';
import { useMutate } from '../../queries/use-contract';
import { useTheme } from '../../theme/theme-context';
import type { ThemeChoice } from '../../theme/apply-theme';
import { BuiltInPrices } from './built-in-prices';
import {
  configToSettingsForm,
  settingsFormToInput,
  type PriceRow,
  type SettingsForm,
} from './settings-form-state';

type Problems = CallOutput<'reload'>['problems'];

export function SettingsPage() {
  const { t } = useTranslation();
  const config = useConfig();
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold">{t('settings.title')}</h1>
      <AppearanceCard />
      <QueryState query={config}>
        {(answer) => (
          <>
            <ConfigFileCard path={answer.path} />
            <SettingsEditor key={JSON.stringify(answer.config)} config={typedConfig(answer)} />
          </>
        )}
      </QueryState>
    </div>
  );
}

function AppearanceCard() {
  const { t, i18n } = useTranslation();
  const { theme, setTheme } = useTheme();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('settings.appearance')}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor="settings-language">{t('settings.language')}</Label>
          <Select value={i18n.language} onValueChange={(value) => changeLanguage(value as Language)}>
            <SelectTrigger id="settings-language">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {LANGUAGES.map((language) => (
                <SelectItem key={language} value={language}>
                  {LANGUAGE_NAMES[language]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="settings-theme">{t('settings.theme')}</Label>
          <Select value={theme} onValueChange={(value) => setTheme(value as ThemeChoice)}>
            <SelectTrigger id="settings-theme">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="light">{t('theme.light')}</SelectItem>
              <SelectItem value="dark">{t('theme.dark')}</SelectItem>
              <SelectItem value="system">{t('theme.system')}</SelectItem>
            </SelectContent>
          </Select>
        </div>
      </CardContent>
    </Card>
  );
}

/** The file's path, a reload button, and the problems of the last reload or rejected edit, each at its path. */
function ConfigFileCard(props: { path: string }) {
  const { t } = useTranslation();
  const client = useContractClient();
  const [result, setResult] = useState<{ ok: boolean; problems: Problems; reason?: string }>();
  const reload = useMutate('reload', {
    onSuccess: (answer) => setResult(answer),
    onError: (error) => toast.error(error.message),
  });
  useEffect(
    () =>
      client.subscribe('configChanged', (event: EventPayload<'configChanged'>) =>
        setResult({ ok: event.ok, problems: event.problems, reason: event.reason }),
      ),
    [client],
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('settings.configFile.title')}</CardTitle>
        <CardDescription>{t('settings.configFile.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <code className="rounded bg-muted px-2 py-1 text-xs" data-testid="config-path">
            {props.path}
          </code>
          <Button variant="outline" size="sm" disabled={reload.isPending} onClick={() => reload.mutate({})}>
            <RefreshCw aria-hidden />
            {t('settings.configFile.reload')}
          </Button>
        </div>
        {result && (
          <div role="status" className="grid gap-2 text-sm">
            <p className={result.ok ? 'text-success' : 'text-destructive'}>
              {result.ok ? t('settings.configFile.reloaded') : t('settings.configFile.rejected')}
              {result.reason && <span className="text-muted-foreground"> ({result.reason})</span>}
            </p>
            {result.problems.length > 0 && (
              <ul className="grid gap-1">
                {result.problems.map((problem, index) => (
                  <li key={index} className="flex flex-wrap gap-2 text-xs">
                    <span
                      className={
                        problem.severity === 'error'
                          ? 'font-medium text-destructive'
                          : 'font-medium text-warning'
                      }
                    >
                      {t(`settings.configFile.${problem.severity}`)}
                    </span>
                    <code>
                      {problem.path || '(root)'}
                      {problem.line !== undefined && `:${problem.line}`}
                    </code>
                    <span>{problem.message}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function SettingsEditor(props: { config: AppConfig }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<SettingsForm>(() => configToSettingsForm(props.config));
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const save = useMutate('settingsUpdate');
  const set = <Key extends keyof SettingsForm>(key: Key, value: SettingsForm[Key]): void => {
    setForm((current) => ({ ...current, [key]: value }));
    setTouched(true);
    setServerErrors({});
  };
  const input = useMemo(() => settingsFormToInput(form), [form]);
  const localErrors = useMemo(
    () => collectSchemaErrors(calls.settingsUpdate.input.safeParse(input).error),
    [input],
  );
  const shown = (path: string): string | undefined =>
    errorAt(serverErrors, path) ?? (touched ? errorAt(localErrors, path) : undefined);

  const submit = async (): Promise<void> => {
    setTouched(true);
    setServerMessage(undefined);
    if (Object.keys(localErrors).length > 0) return;
    try {
      await save.mutateAsync(input as Parameters<typeof save.mutateAsync>[0]);
      toast.success(t('settings.saved'));
    } catch (caught) {
      const error = caught as CallError;
      setServerMessage(error.message);
      setServerErrors(collectServerErrors(error.fields, []));
    }
  };
  const setPrice = (index: number, patch: Partial<PriceRow>): void =>
    set(
      'prices',
      form.prices.map((row, position) => (position === index ? { ...row, ...patch } : row)),
    );

  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {serverMessage && <ErrorNotice message={serverMessage} />}
      <Card>
        <CardHeader>
          <CardTitle>{t('settings.server.title')}</CardTitle>
          <CardDescription>{t('settings.server.restartHint')}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-2">
          <Field label={t('settings.server.host')} error={shown('server.host')}>
            {(control) => (
              <Input {...control} value={form.host} onChange={(event) => set('host', event.target.value)} />
            )}
          </Field>
          <Field label={t('settings.server.port')} error={shown('server.port')}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={form.port}
                onChange={(event) => set('port', event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('settings.server.allowedIps')}
            hint={t('settings.server.allowedIpsHint')}
            error={shown('server.allowed_ips')}
          >
            {(control) => (
              <StringListEditor
                id={control.id}
                describedBy={control['aria-describedby']}
                label={t('settings.server.allowedIps')}
                values={form.allowed_ips}
                onChange={(values) => set('allowed_ips', values)}
                placeholder="192.168.1.0/24"
              />
            )}
          </Field>
          <Field
            label={t('settings.server.trustedProxies')}
            hint={t('settings.server.trustedProxiesHint')}
            error={shown('server.trusted_proxies')}
          >
            {(control) => (
              <StringListEditor
                id={control.id}
                describedBy={control['aria-describedby']}
                label={t('settings.server.trustedProxies')}
                values={form.trusted_proxies}
                onChange={(values) => set('trusted_proxies', values)}
                placeholder="10.0.0.1"
              />
            )}
          </Field>
          <Field
            label={t('settings.server.proxyUrl')}
            hint={t('settings.server.proxyUrlHint')}
            error={shown('server.proxy_url')}
            className="md:col-span-2"
          >
            {(control) => (
              <Input
                {...control}
                value={form.proxy_url}
                placeholder="socks5://127.0.0.1:1080"
                onChange={(event) => set('proxy_url', event.target.value)}
              />
            )}
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('settings.recording.title')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-3">
          <Field label={t('settings.recording.retention')} error={shown('log_retention_days')}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={form.log_retention_days}
                onChange={(event) => set('log_retention_days', event.target.value)}
              />
            )}
          </Field>
          <div className="grid gap-1.5">
            <Label htmlFor="capture">{t('settings.recording.capture')}</Label>
            <Select
              value={form.capture}
              onValueChange={(value) => set('capture', value as SettingsForm['capture'])}
            >
              <SelectTrigger id="capture">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(['errors', 'all', 'off'] as const).map((mode) => (
                  <SelectItem key={mode} value={mode}>
                    {t(`settings.recording.mode.${mode}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <Field label={t('settings.recording.bodyCap')} error={shown('recording.body_cap_kb')}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={form.body_cap_kb}
                onChange={(event) => set('body_cap_kb', event.target.value)}
              />
            )}
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('settings.prices.title')}</CardTitle>
          <CardDescription>{t('settings.prices.description')}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {form.prices.map((row, index) => (
            <div key={index} className="grid grid-cols-2 gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto]">
              <Input
                aria-label={t('settings.prices.model')}
                placeholder={t('settings.prices.model')}
                value={row.model}
                onChange={(event) => setPrice(index, { model: event.target.value })}
              />
              {(['input', 'output', 'cache_read', 'cache_write'] as const).map((field) => (
                <Input
                  key={field}
                  inputMode="decimal"
                  aria-label={`${t(`settings.prices.${field}`)} (${row.model || index + 1})`}
                  aria-invalid={shown(`prices.${row.model.trim()}.${field}`) ? true : undefined}
                  placeholder={t(`settings.prices.${field}`)}
                  value={row[field]}
                  onChange={(event) => setPrice(index, { [field]: event.target.value })}
                />
              ))}
              <Button
                variant="ghost"
                size="icon"
                aria-label={t('common.removeRow', { index: index + 1 })}
                onClick={() =>
                  set(
                    'prices',
                    form.prices.filter((_, position) => position !== index),
                  )
                }
              >
                <X aria-hidden />
              </Button>
              {shown(`prices.${row.model.trim()}`) && (
                <p role="alert" className="col-span-full text-xs font-medium text-destructive">
                  {shown(`prices.${row.model.trim()}`)}
                </p>
              )}
            </div>
          ))}
          <div>
            <Button
              variant="outline"
              size="sm"
              onClick={() =>
                set('prices', [
                  ...form.prices,
                  { model: '', input: '', output: '', cache_read: '', cache_write: '' },
                ])
              }
            >
              <Plus aria-hidden />
              {t('settings.prices.add')}
            </Button>
          </div>
          <BuiltInPrices />
        </CardContent>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending}>
          <Save aria-hidden />
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
