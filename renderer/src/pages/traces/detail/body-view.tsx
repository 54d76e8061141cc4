import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/copy-button';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { downloadText } from '../../../lib/download-text';
import { formatBytes } from './format-bytes';
import { parseBody } from './parse-body';
import type { TraceDetail } from './use-trace-detail';

type StoredBody = NonNullable<TraceDetail['bodies']['clientRequest']>;
type Headers = TraceDetail['headers']['clientRequest'];

/** Text beyond this is drawn on request: a megabyte in one <pre> stalls the page. */
const PREVIEW_CHARS = 64 * 1024;
const PREVIEW_EVENTS = 200;

function Preview(props: { text: string; label: string }) {
  const { t, i18n } = useTranslation();
  const [whole, setWhole] = useState(false);
  const cut = !whole && props.text.length > PREVIEW_CHARS;
  return (
    <>
      <pre
        className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-md bg-muted/50 p-3 font-mono text-xs"
        tabIndex={0}
        aria-label={props.label}
      >
        {cut ? props.text.slice(0, PREVIEW_CHARS) : props.text}
      </pre>
      {cut && (
        <Button variant="link" size="sm" className="justify-self-start" onClick={() => setWhole(true)}>
          {t('traces.raw.showAll', { size: formatBytes(props.text.length, i18n.language) })}
        </Button>
      )}
    </>
  );
}

/** One stored body: JSON pretty printed, a stream event by event, with copy and download. */
export function BodyView(props: { kind: string; body: StoredBody; headers?: Headers; traceId: string }) {
  const { t, i18n } = useTranslation();
  const { body } = props;
  const [pretty, setPretty] = useState(true);
  const [allEvents, setAllEvents] = useState(false);
  const parsed = useMemo(() => (body.binary ? undefined : parseBody(body.content)), [body]);
  const title = t(`traces.body.${props.kind}`);
  const extension = parsed?.kind === 'json' ? 'json' : parsed?.kind === 'sse' ? 'sse.txt' : 'txt';
  return (
    <section
      className="grid gap-2 rounded-lg border p-3"
      aria-label={title}
      data-testid={`body-${props.kind}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-auto text-sm font-semibold">{title}</h3>
        <span className="text-xs text-muted-foreground">
          {formatBytes(body.originalBytes, i18n.language)}
        </span>
        {body.truncated && <Badge variant="warning">{t('traces.detail.truncated')}</Badge>}
        {parsed && parsed.kind !== 'text' && (
          <Button variant="ghost" size="sm" aria-pressed={!pretty} onClick={() => setPretty(!pretty)}>
            {pretty ? t('traces.raw.showRaw') : t('traces.raw.showPretty')}
          </Button>
        )}
        <CopyButton text={body.content} label={t('traces.raw.copy')} />
        <Button
          variant="outline"
          size="sm"
          onClick={() =>
            downloadText(`${props.traceId}-${props.kind}.${extension}`, body.content, 'text/plain')
          }
        >
          <Download aria-hidden />
          {t('traces.raw.download')}
        </Button>
      </div>
      {props.headers && Object.keys(props.headers).length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted-foreground">
            {t('traces.raw.headers', { count: Object.keys(props.headers).length })}
          </summary>
          <table className="mt-1 w-full font-mono">
            <tbody>
              {Object.entries(props.headers).map(([name, value]) => (
                <tr key={name} className="align-top">
                  <th scope="row" className="w-56 pr-3 text-left font-medium">
                    {name}
                  </th>
                  <td className="break-all">{Array.isArray(value) ? value.join(', ') : value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {body.binary || !parsed ? (
        <p className="text-sm text-muted-foreground">{t('traces.detail.binary')}</p>
      ) : !pretty || parsed.kind === 'text' ? (
        <Preview text={body.content} label={title} />
      ) : parsed.kind === 'json' ? (
        <Preview text={parsed.pretty} label={title} />
      ) : (
        <>
          <ol
            className="grid max-h-[32rem] gap-1 overflow-auto font-mono text-xs"
            aria-label={title}
            tabIndex={0}
          >
            {(allEvents ? parsed.events : parsed.events.slice(0, PREVIEW_EVENTS)).map((event, index) => (
              <li key={index} className="rounded border bg-muted/40 px-2 py-1">
                <details>
                  <summary className="flex cursor-pointer gap-2 overflow-hidden">
                    <span className="shrink-0 tabular-nums text-muted-foreground">{index + 1}</span>
                    <span className="shrink-0 font-semibold">{event.event ?? 'data'}</span>
                    <span className="min-w-0 truncate text-muted-foreground">{event.data}</span>
                  </summary>
                  <pre className="mt-1 whitespace-pre-wrap break-all">
                    {event.json === undefined ? event.data : JSON.stringify(event.json, null, 2)}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
          {!allEvents && parsed.events.length > PREVIEW_EVENTS && (
            <Button
              variant="link"
              size="sm"
              className="justify-self-start"
              onClick={() => setAllEvents(true)}
            >
              {t('traces.raw.allEvents', { count: parsed.events.length })}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
