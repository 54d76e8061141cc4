import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../client/calls';
import { ErrorNotice, Loading } from '../../components/query-state';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { useCall } from '../../queries/use-contract';

type Protocol = NonNullable<CallInput<'routeExplain'>['protocol']>;
const PROTOCOLS: Protocol[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];

/** Asks the engine what it would do with a sample request on this route, without sending anything. */
export function TryItPanel(props: { routeKey: string }) {
  const { t } = useTranslation();
  const [protocol, setProtocol] = useState<Protocol>('anthropic');
  const [model, setModel] = useState('claude-sonnet-4-5');
  const [thinking, setThinking] = useState(false);
  const [tools, setTools] = useState(false);
  const [image, setImage] = useState(false);
  const [tokens, setTokens] = useState('1000');
  const sample = useDeferredValue({
    routeKey: props.routeKey,
    protocol,
    ...(model.trim() !== '' && { model: model.trim() }),
    thinking,
    tools,
    image,
    ...(Number.isInteger(Number(tokens)) && tokens.trim() !== '' && { tokens: Number(tokens) }),
  });
  const explain = useCall('routeExplain', sample, { placeholderData: (previous) => previous });
  const decision = explain.data;

  return (
    <Card aria-labelledby="try-it-title">
      <CardHeader>
        <CardTitle id="try-it-title">{t('routes.tryIt.title')}</CardTitle>
        <CardDescription>{t('routes.tryIt.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 lg:grid-cols-2">
        <div className="grid content-start gap-3">
          <div className="grid gap-1.5">
            <Label htmlFor="try-protocol">{t('routes.tryIt.protocol')}</Label>
            <Select value={protocol} onValueChange={(value) => setProtocol(value as Protocol)}>
              <SelectTrigger id="try-protocol">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {PROTOCOLS.map((candidate) => (
                  <SelectItem key={candidate} value={candidate}>
                    {t(`protocol.${candidate}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="try-model">{t('routes.tryIt.model')}</Label>
            <Input id="try-model" value={model} onChange={(event) => setModel(event.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="try-tokens">{t('routes.tryIt.tokens')}</Label>
            <Input
              id="try-tokens"
              inputMode="numeric"
              value={tokens}
              onChange={(event) => setTokens(event.target.value)}
            />
          </div>
          <div className="flex flex-wrap gap-4">
            {(
              [
                ['try-thinking', thinking, setThinking, 'routes.tryIt.thinking'],
                ['try-tools', tools, setTools, 'routes.tryIt.tools'],
                ['try-image', image, setImage, 'routes.tryIt.image'],
              ] as const
            ).map(([id, checked, change, label]) => (
              <div key={id} className="flex items-center gap-2">
                <Switch id={id} checked={checked} onCheckedChange={change} />
                <Label htmlFor={id}>{t(label)}</Label>
              </div>
            ))}
          </div>
        </div>
        <div aria-live="polite" data-testid="try-it-result">
          {explain.error ? (
            <ErrorNotice message={explain.error.message} />
          ) : !decision ? (
            <Loading />
          ) : !decision.ok ? (
            <ErrorNotice message={decision.message || t('routes.tryIt.noDecision')} />
          ) : (
            <div className="grid gap-2">
              <p className="text-sm font-medium" data-testid="try-it-summary">
                {t('routes.tryIt.summary', {
                  scene: t(`routes.scene.${decision.scene}`, { defaultValue: decision.scene }),
                  rule: decision.rule,
                  model: decision.model,
                  provider: decision.providerId,
                })}
              </p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md border p-3 text-sm">
                <dt className="text-muted-foreground">{t('routes.tryIt.scene')}</dt>
                <dd data-testid="try-it-scene">
                  <span className="font-medium">
                    {t(`routes.scene.${decision.scene}`, { defaultValue: decision.scene })}
                  </span>
                  {/* The engine explains in English only; marked so a screen reader reads it as English. */}
                  <span className="text-muted-foreground" lang="en">
                    {' '}
                    — {decision.sceneReason}
                  </span>
                </dd>
                <dt className="text-muted-foreground">{t('routes.tryIt.rule')}</dt>
                <dd>
                  <code className="text-xs">{decision.rule}</code>
                </dd>
                <dt className="text-muted-foreground">{t('routes.tryIt.target')}</dt>
                <dd data-testid="try-it-target" className="font-medium">
                  {decision.providerId} · {decision.model}
                </dd>
                {decision.tokens && (
                  <>
                    <dt className="text-muted-foreground">{t('routes.tryIt.tokens')}</dt>
                    <dd className="tabular-nums">
                      {decision.tokens.count}
                      {decision.tokens.threshold > 0 && ` / ${decision.tokens.threshold}`}
                    </dd>
                  </>
                )}
                <dt className="text-muted-foreground">{t('routes.tryIt.chain')}</dt>
                <dd>
                  {decision.fallback.length === 0 ? (
                    <span className="text-muted-foreground">{t('routes.tryIt.noFallback')}</span>
                  ) : (
                    <ol className="list-decimal pl-4">
                      {decision.fallback.map((step, index) => (
                        <li key={index}>
                          <code className="text-xs">
                            {step.providerId}|{step.model}
                          </code>
                        </li>
                      ))}
                    </ol>
                  )}
                </dd>
              </dl>
              {decision.warnings.length > 0 && (
                <ul className="grid gap-1 text-xs text-warning">
                  {decision.warnings.map((warning, index) => (
                    <li key={index}>{warning.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
