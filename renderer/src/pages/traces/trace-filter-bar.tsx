import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { CommittingInput } from '../../components/committing-input';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { typedConfig, useConfig } from '../../queries/use-config';
import type { TraceFilters } from './trace-filters';

const ANY = '__any';
const STATUSES = ['ok', 'error', '429', '500', '502', '503', '529'] as const;

/** `datetime-local` wants local wall time without a zone. */
function toLocalInput(epochMs: number | undefined): string {
  if (epochMs === undefined) return '';
  const date = new Date(epochMs);
  const local = new Date(epochMs - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): number | undefined {
  if (value === '') return undefined;
  const epochMs = new Date(value).getTime();
  return Number.isFinite(epochMs) ? epochMs : undefined;
}

/** The list's filters, each one field of the contract's tracesList input. */
export function TraceFilterBar(props: { filters: TraceFilters; onChange(filters: TraceFilters): void }) {
  const { t } = useTranslation();
  const config = useConfig();
  const providers = config.data ? Object.keys(typedConfig(config.data).providers) : [];
  const { filters } = props;
  const set = <Field extends keyof TraceFilters>(field: Field, value: TraceFilters[Field] | ''): void => {
    const next = { ...filters };
    if (value === '' || value === undefined) delete next[field];
    else next[field] = value;
    props.onChange(next);
  };
  const active = Object.keys(filters).length > 0;
  const text = (field: 'model' | 'route' | 'client' | 'sessionId' | 'text', width: string) => (
    <div className="grid gap-1">
      <Label htmlFor={`trace-filter-${field}`} className="text-xs">
        {t(`traces.filter.${field}`)}
      </Label>
      <CommittingInput
        id={`trace-filter-${field}`}
        className={`h-8 text-xs ${width}`}
        value={filters[field] ?? ''}
        onCommit={(value) => set(field, value.trim())}
      />
    </div>
  );
  return (
    <div className="flex flex-wrap items-end gap-2" role="search" aria-label={t('traces.filter.label')}>
      {text('text', 'w-44')}
      <div className="grid gap-1">
        <Label htmlFor="trace-filter-status" className="text-xs">
          {t('traces.filter.status')}
        </Label>
        <Select
          value={filters.status ?? ANY}
          onValueChange={(value) => set('status', value === ANY ? '' : value)}
        >
          <SelectTrigger id="trace-filter-status" className="h-8 w-32 text-xs">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>{t('traces.filter.all')}</SelectItem>
            {STATUSES.map((status) => (
              <SelectItem key={status} value={status}>
                {status === 'ok' || status === 'error' ? t(`traces.filter.${status}`) : status}
              </SelectItem>
            ))}
            {filters.status !== undefined && !(STATUSES as readonly string[]).includes(filters.status) && (
              <SelectItem value={filters.status}>{filters.status}</SelectItem>
            )}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="trace-filter-provider" className="text-xs">
          {t('traces.filter.providerId')}
        </Label>
        <Select
          value={filters.providerId ?? ANY}
          onValueChange={(value) => set('providerId', value === ANY ? '' : value)}
        >
          <SelectTrigger id="trace-filter-provider" className="h-8 w-32 text-xs">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>{t('traces.filter.all')}</SelectItem>
            {[...new Set([...providers, ...(filters.providerId ? [filters.providerId] : [])])].map((id) => (
              <SelectItem key={id} value={id}>
                {id}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {text('model', 'w-36')}
      {text('route', 'w-28')}
      {text('client', 'w-28')}
      {text('sessionId', 'w-32')}
      <div className="grid gap-1">
        <Label htmlFor="trace-filter-from" className="text-xs">
          {t('traces.filter.from')}
        </Label>
        <Input
          id="trace-filter-from"
          type="datetime-local"
          className="h-8 w-44 text-xs"
          value={toLocalInput(filters.from)}
          onChange={(event) => set('from', fromLocalInput(event.target.value) ?? '')}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="trace-filter-to" className="text-xs">
          {t('traces.filter.to')}
        </Label>
        <Input
          id="trace-filter-to"
          type="datetime-local"
          className="h-8 w-44 text-xs"
          value={toLocalInput(filters.to)}
          onChange={(event) => set('to', fromLocalInput(event.target.value) ?? '')}
        />
      </div>
      {active && (
        <Button variant="ghost" size="sm" onClick={() => props.onChange({})}>
          <X aria-hidden />
          {t('traces.filter.clear')}
        </Button>
      )}
    </div>
  );
}
