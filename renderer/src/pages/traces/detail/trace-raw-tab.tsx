import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/copy-button';
import { typedConfig, useConfig } from '../../../queries/use-config';
import { useCall } from '../../../queries/use-contract';
import { BodyView } from './body-view';
import { buildCurlCommand, findRouteKey } from './build-curl-command';
import { BodiesNotCaptured } from './bodies-not-captured';
import type { TraceDetail } from './use-trace-detail';

export const BODY_KINDS = ['clientRequest', 'upstreamRequest', 'upstreamResponse', 'clientResponse'] as const;

/** The four bodies with their headers, and the client's request as a curl command against this proxy. */
export function TraceRawTab(props: { detail: TraceDetail }) {
  const { t } = useTranslation();
  const { detail } = props;
  const config = useConfig();
  const status = useCall('status', {});
  const clientRequest = detail.bodies.clientRequest;
  const routeKey = findRouteKey(config.data ? typedConfig(config.data) : undefined, detail.routeKeyLabel);
  const curl =
    clientRequest && !clientRequest.binary
      ? buildCurlCommand({
          baseUrl: status.data?.url ?? location.origin,
          path: detail.path,
          protocol: detail.inboundProtocol,
          body: clientRequest.content,
          ...(detail.headers.clientRequest && { headers: detail.headers.clientRequest }),
          ...(routeKey !== undefined && { routeKey }),
        })
      : undefined;
  const kept = BODY_KINDS.filter((kind) => detail.bodies[kind]);
  return (
    <div className="grid gap-3">
      {kept.length === 0 && <BodiesNotCaptured failed={detail.status >= 400 || detail.error !== undefined} />}
      {curl && (
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <CopyButton text={curl} label={t('traces.raw.copyCurl')} />
          <span>{routeKey ? t('traces.raw.curlRouteKey') : t('traces.raw.curlPlaceholder')}</span>
        </div>
      )}
      {kept.map((kind) => {
        const body = detail.bodies[kind];
        return body ? (
          <BodyView key={kind} kind={kind} body={body} headers={detail.headers[kind]} traceId={detail.id} />
        ) : null;
      })}
    </div>
  );
}
