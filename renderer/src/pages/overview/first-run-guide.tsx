import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, ExternalLink } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError } from '../../client/call-error';
import type { CallOutput } from '../../client/calls';
import { ErrorNotice, Loading } from '../../components/query-state';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { cn } from '../../lib/cn';
import { generateRouteKey } from '../../queries/use-config';
import { callKey, useCall, useMutate } from '../../queries/use-contract';
import { TestResult } from '../providers/test-result';
import { presetName, providerFromPreset, type Preset } from '../providers/provider-presets';
import { SnippetTabs } from './connect-card';

const MAIN_ENDPOINT = '__main__';
type Step = 'preset' | 'key' | 'test' | 'route' | 'done';
const STEPS: Step[] = ['preset', 'key', 'test', 'route', 'done'];

/** A new user's path to a working Claude Code: preset → key → test → route → copy the command. */
export function FirstRunGuide(props: { listenUrl: string | undefined; onStart(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const presets = useCall('providerPresets', {}, { staleTime: Infinity });
  const [step, setStep] = useState<Step>('preset');
  const [preset, setPreset] = useState<Preset>();
  const [apiKey, setApiKey] = useState('');
  const [endpoint, setEndpoint] = useState(MAIN_ENDPOINT);
  // Prefilled from the preset; a relay or a self-hosted copy of the API lives elsewhere.
  const [baseUrl, setBaseUrl] = useState('');
  const [routeKey] = useState(generateRouteKey);
  const [test, setTest] = useState<CallOutput<'providerTest'>>();
  const [error, setError] = useState<CallError>();
  const createProvider = useMutate('providerCreate');
  const queryClient = useQueryClient();
  // Kept where the providers list looks for a provider's last test.
  const runTest = useMutate('providerTest', {
    onSuccess: (result, input) => queryClient.setQueryData(callKey('providerTest', { id: input.id }), result),
  });
  const createRoute = useMutate('routeCreate');

  const providerId = preset?.id ?? '';
  const model = preset?.defaultModel ?? preset?.models[0] ?? '';

  const choose = (chosen: Preset): void => {
    props.onStart();
    setPreset(chosen);
    setEndpoint(MAIN_ENDPOINT);
    setBaseUrl(chosen.baseUrl);
    setStep('key');
  };

  const saveKey = async (): Promise<void> => {
    if (!preset) return;
    setError(undefined);
    try {
      const provider = providerFromPreset(
        preset,
        apiKey.trim(),
        endpoint === MAIN_ENDPOINT ? undefined : endpoint,
      );
      if (baseUrl.trim() !== '') provider.base_url = baseUrl.trim();
      await createProvider.mutateAsync({ id: preset.id, provider });
      setStep('test');
      setTest(await runTest.mutateAsync({ id: preset.id, ...(model && { model }) }));
    } catch (caught) {
      setError(caught as CallError);
    }
  };

  const retest = async (): Promise<void> => {
    setError(undefined);
    try {
      setTest(await runTest.mutateAsync({ id: providerId, ...(model && { model }) }));
    } catch (caught) {
      setError(caught as CallError);
    }
  };

  const makeRoute = async (): Promise<void> => {
    setError(undefined);
    try {
      await createRoute.mutateAsync({
        id: routeKey,
        route: {
          provider: providerId,
          ...(model && { default_model: model }),
          label: t('guide.routeLabel'),
        },
      });
      setStep('done');
    } catch (caught) {
      setError(caught as CallError);
    }
  };

  const current = STEPS.indexOf(step);
  const baseUrlError = createProvider.error?.fields.find((field) => field.path.endsWith('base_url'))?.message;
  return (
    <Card aria-labelledby="guide-title">
      <CardHeader>
        <CardTitle id="guide-title">{t('guide.title')}</CardTitle>
        <CardDescription>{t('guide.description')}</CardDescription>
        <ol className="mt-2 flex flex-wrap gap-2 text-xs" aria-label={t('guide.progress')}>
          {STEPS.slice(0, 4).map((name, index) => (
            <li
              key={name}
              aria-current={index === current ? 'step' : undefined}
              className={cn(
                'rounded-full border px-2.5 py-1',
                index < current && 'border-success/40 bg-success/10 text-success',
                index === current && 'border-primary bg-primary/10 font-medium text-foreground',
              )}
            >
              {index + 1}. {t(`guide.step.${name}`)}
            </li>
          ))}
        </ol>
      </CardHeader>
      <CardContent className="grid gap-4">
        {error && <ErrorNotice message={error.message} />}
        {step === 'preset' &&
          (presets.isPending ? (
            <Loading />
          ) : presets.error ? (
            <ErrorNotice message={t('guide.presetsUnavailable', { reason: presets.error.message })} />
          ) : (
            <div className="grid gap-2">
              <h3 className="text-sm font-medium">{t('guide.pickPreset')}</h3>
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
                {presets.data?.presets.map((candidate) => (
                  <Button
                    key={candidate.id}
                    variant="outline"
                    className="h-auto flex-col items-start gap-0.5 whitespace-normal p-3 text-left"
                    onClick={() => choose(candidate)}
                    data-testid={`preset-${candidate.id}`}
                  >
                    <span className="w-full font-medium">{presetName(candidate, i18n.language)}</span>
                    <span className="w-full truncate text-xs font-normal text-muted-foreground">
                      {candidate.baseUrl}
                    </span>
                  </Button>
                ))}
              </div>
            </div>
          ))}
        {step === 'key' && preset && (
          <form
            className="grid max-w-xl gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              void saveKey();
            }}
          >
            {preset.alternatives.length > 0 && (
              <div className="grid gap-1.5">
                <Label htmlFor="guide-endpoint">{t('guide.endpoint')}</Label>
                <Select
                  value={endpoint}
                  onValueChange={(value) => {
                    setEndpoint(value);
                    setBaseUrl(
                      preset.alternatives.find((alternative) => alternative.id === value)?.baseUrl ??
                        preset.baseUrl,
                    );
                  }}
                >
                  <SelectTrigger id="guide-endpoint">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={MAIN_ENDPOINT}>
                      {preset.baseUrl} ({preset.format})
                    </SelectItem>
                    {preset.alternatives.map((alternative) => (
                      <SelectItem key={alternative.id} value={alternative.id}>
                        {alternative.label}: {alternative.baseUrl}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </div>
            )}
            <Field
              label={t('providers.form.baseUrl')}
              error={createProvider.error ? baseUrlError : undefined}
            >
              {(control) => (
                <Input {...control} value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} />
              )}
            </Field>
            <Field
              label={t('guide.keyFor', { provider: presetName(preset, i18n.language) })}
              hint={
                preset.local
                  ? t('guide.localNoKey')
                  : t('guide.keyHint', { name: preset.keyEnv ?? 'API_KEY' })
              }
            >
              {(control) => (
                <Input
                  {...control}
                  type="password"
                  autoComplete="off"
                  value={apiKey}
                  onChange={(event) => setApiKey(event.target.value)}
                  placeholder={preset.keyEnv ? `\${${preset.keyEnv}}` : 'sk-…'}
                />
              )}
            </Field>
            {preset.apiKeyUrl && (
              <a
                href={preset.apiKeyUrl}
                target="_blank"
                rel="noreferrer"
                className="inline-flex items-center gap-1 text-sm text-primary underline"
              >
                {t('guide.getKey')}
                <ExternalLink className="size-3" aria-hidden />
              </a>
            )}
            <div className="flex gap-2">
              <Button variant="outline" onClick={() => setStep('preset')}>
                {t('common.back')}
              </Button>
              <Button type="submit" disabled={createProvider.isPending}>
                {t('guide.saveAndTest')}
              </Button>
            </div>
          </form>
        )}
        {step === 'test' && (
          <div className="grid gap-3">
            {runTest.isPending ? <Loading /> : test && <TestResult result={test} />}
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={() => void retest()} disabled={runTest.isPending}>
                {t('providers.test.run')}
              </Button>
              <Button onClick={() => setStep('route')} disabled={runTest.isPending || !test}>
                {test?.ok ? t('common.next') : t('guide.continueAnyway')}
              </Button>
            </div>
          </div>
        )}
        {step === 'route' && (
          <div className="grid gap-3">
            <p className="text-sm">{t('guide.routeExplain', { provider: providerId, model })}</p>
            <div>
              <Button onClick={() => void makeRoute()} disabled={createRoute.isPending}>
                {t('guide.createRoute')}
              </Button>
            </div>
          </div>
        )}
        {step === 'done' && (
          <div className="grid gap-3">
            <p className="flex items-center gap-2 text-sm font-medium text-success">
              <CheckCircle2 className="size-4" aria-hidden />
              {t('guide.doneTitle')}
            </p>
            <p className="text-sm text-muted-foreground">{t('guide.doneBody')}</p>
            <SnippetTabs
              baseUrl={props.listenUrl ?? ''}
              routeKey={routeKey}
              model={model}
              only={['claudeCode']}
            />
            <div>
              <Button variant="outline" onClick={props.onDone}>
                {t('guide.finish')}
              </Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
