import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { AppConfig } from '../../../../main/core/config/schema';
import { CopyButton } from '../../components/copy-button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/tabs';
import { buildConnectSnippets } from '../../lib/build-connect-snippets';
import { maskRouteKey } from '../../queries/use-config';

/** The listen URL and, for a chosen route, how each client connects through it. */
export function ConnectCard(props: { config: AppConfig; listenUrl: string | undefined }) {
  const { t } = useTranslation();
  const enabledRoutes = Object.entries(props.config.routes).filter(([, route]) => !route.disabled);
  const [routeKey, setRouteKey] = useState(enabledRoutes[0]?.[0] ?? '');
  const route = props.config.routes[routeKey];
  const listenUrl = props.listenUrl ?? '';
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('overview.connect.title')}</CardTitle>
        <CardDescription>{t('overview.connect.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium">{t('overview.connect.listenUrl')}</span>
          <code className="rounded bg-muted px-2 py-1 text-sm" data-testid="listen-url">
            {listenUrl || t('proxy.state.stopped')}
          </code>
          {listenUrl && <CopyButton text={listenUrl} />}
        </div>
        {enabledRoutes.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {t('overview.connect.noRoute')}{' '}
            <Link href="/routes/new" className="text-primary underline">
              {t('routes.create')}
            </Link>
          </p>
        ) : (
          <>
            <div className="grid max-w-sm gap-1.5">
              <Label htmlFor="connect-route">{t('overview.connect.route')}</Label>
              <Select value={routeKey} onValueChange={setRouteKey}>
                <SelectTrigger id="connect-route">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {enabledRoutes.map(([key, candidate]) => (
                    <SelectItem key={key} value={key}>
                      {candidate.label ?? maskRouteKey(key)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            {route && (
              <SnippetTabs
                baseUrl={listenUrl}
                routeKey={routeKey}
                model={route.default_model ?? props.config.providers[route.provider]?.models[0] ?? 'default'}
              />
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}

export function SnippetTabs(props: { baseUrl: string; routeKey: string; model: string; only?: string[] }) {
  const { t } = useTranslation();
  const snippets = buildConnectSnippets(props).filter(
    (snippet) => !props.only || props.only.includes(snippet.client),
  );
  const first = snippets[0]?.client ?? 'claudeCode';
  return (
    <Tabs defaultValue={first}>
      {snippets.length > 1 && (
        <TabsList aria-label={t('overview.connect.clients')}>
          {snippets.map((snippet) => (
            <TabsTrigger key={snippet.client} value={snippet.client}>
              {t(`overview.connect.client.${snippet.client}`)}
            </TabsTrigger>
          ))}
        </TabsList>
      )}
      {snippets.map((snippet) => (
        <TabsContent key={snippet.client} value={snippet.client} className="grid gap-2">
          {snippet.file && (
            <p className="text-xs text-muted-foreground">
              {t('overview.connect.saveAs', { file: snippet.file })}
            </p>
          )}
          <pre
            className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md bg-muted p-3 font-mono text-xs leading-relaxed"
            data-testid={`snippet-${snippet.client}`}
            tabIndex={0}
            aria-label={t(`overview.connect.client.${snippet.client}`)}
          >
            {snippet.text}
          </pre>
          <div>
            <CopyButton text={snippet.text} label={t('overview.connect.copySnippet')} />
          </div>
        </TabsContent>
      ))}
    </Tabs>
  );
}
