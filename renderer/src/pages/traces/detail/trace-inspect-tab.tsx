import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { Label } from '../../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../../components/ui/select';
import { formatNumber } from '../../../lib/format';
import { assembleResponse, describeEvent } from './assemble-response';
import { BodiesNotCaptured } from './bodies-not-captured';
import type { TraceDetail } from './use-trace-detail';

const RESPONSE_KINDS = ['clientResponse', 'upstreamResponse'] as const;
const SHOWN_EVENTS = 500;

/** A response read back into events and content: text, thinking, tool calls, stop reason, usage. */
export function TraceInspectTab(props: { detail: TraceDetail }) {
  const { t, i18n } = useTranslation();
  const available = RESPONSE_KINDS.filter(
    (kind) => props.detail.bodies[kind] && !props.detail.bodies[kind]?.binary,
  );
  const [chosen, setChosen] = useState<(typeof RESPONSE_KINDS)[number] | undefined>(available[0]);
  const kind = chosen && available.includes(chosen) ? chosen : available[0];
  const body = kind ? props.detail.bodies[kind] : undefined;
  const assembled = useMemo(() => (body ? assembleResponse(body.content) : undefined), [body]);
  if (!kind || !assembled)
    return <BodiesNotCaptured failed={props.detail.status >= 400 || props.detail.error !== undefined} />;

  const section = (title: string, content: React.ReactNode, testId: string) => (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent data-testid={testId}>{content}</CardContent>
    </Card>
  );
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="inspect-body" className="text-xs">
            {t('traces.inspect.body')}
          </Label>
          <Select value={kind} onValueChange={(value) => setChosen(value as typeof kind)}>
            <SelectTrigger id="inspect-body" className="h-8 w-52 text-xs">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {available.map((option) => (
                <SelectItem key={option} value={option}>
                  {t(`traces.body.${option}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <Badge variant="outline">
          {t(`protocol.${assembled.protocol}`, { defaultValue: assembled.protocol })}
        </Badge>
        <Badge variant="secondary">
          {assembled.streamed
            ? t('traces.inspect.events', { count: assembled.events.length })
            : t('traces.inspect.json')}
        </Badge>
        <span className="text-sm" data-testid="stop-reason">
          {t('traces.inspect.stopReason')}: <strong>{assembled.stopReason ?? '—'}</strong>
        </span>
      </div>
      {assembled.error && (
        <p className="text-sm text-destructive" role="alert">
          {assembled.error}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {section(
          t('traces.inspect.text'),
          assembled.text ? (
            <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words text-sm">
              {assembled.text}
            </pre>
          ) : (
            <p className="text-sm text-muted-foreground">—</p>
          ),
          'assembled-text',
        )}
        {section(
          t('traces.inspect.thinking'),
          assembled.thinking ? (
            <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words text-sm text-muted-foreground">
              {assembled.thinking}
            </pre>
          ) : (
            <p className="text-sm text-muted-foreground">—</p>
          ),
          'assembled-thinking',
        )}
        {section(
          t('traces.inspect.toolCalls'),
          assembled.toolCalls.length === 0 ? (
            <p className="text-sm text-muted-foreground">—</p>
          ) : (
            <ul className="grid gap-2 text-sm">
              {assembled.toolCalls.map((call, index) => (
                <li key={index} className="grid gap-1">
                  <span className="font-medium">
                    {call.name} {call.id && <code className="text-xs text-muted-foreground">{call.id}</code>}
                  </span>
                  <pre className="overflow-auto whitespace-pre-wrap break-all rounded bg-muted/50 p-2 text-xs">
                    {call.arguments}
                  </pre>
                </li>
              ))}
            </ul>
          ),
          'assembled-tools',
        )}
        {section(
          t('traces.inspect.usage'),
          Object.keys(assembled.usage).length === 0 ? (
            <p className="text-sm text-muted-foreground">—</p>
          ) : (
            <table className="w-full text-sm">
              <tbody>
                {Object.entries(assembled.usage).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="py-0.5 pr-3 text-left font-mono text-xs font-normal">
                      {name}
                    </th>
                    <td className="text-right tabular-nums">{formatNumber(value, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ),
          'assembled-usage',
        )}
      </div>
      {assembled.events.length > 0 &&
        section(
          t('traces.inspect.timeline'),
          <>
            <p className="mb-2 text-xs text-muted-foreground">{t('traces.inspect.timelineHint')}</p>
            <ol
              className="grid max-h-[28rem] gap-px overflow-auto font-mono text-xs"
              tabIndex={0}
              aria-label={t('traces.inspect.timeline')}
            >
              {assembled.events.slice(0, SHOWN_EVENTS).map((event, index) => (
                <li key={index} className="grid grid-cols-[3rem_8rem_1fr] items-center gap-2">
                  <span className="text-right tabular-nums text-muted-foreground">{index + 1}</span>
                  <span className="relative h-2 rounded bg-muted" aria-hidden>
                    <span
                      className="absolute inset-y-0 w-1 rounded bg-primary"
                      style={{ left: `${event.position * 100}%` }}
                    />
                  </span>
                  <span className="truncate">{describeEvent(event)}</span>
                </li>
              ))}
            </ol>
          </>,
          'event-timeline',
        )}
    </div>
  );
}
