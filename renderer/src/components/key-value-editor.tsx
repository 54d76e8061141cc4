import { Plus, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from './ui/button';
import { Input } from './ui/input';

export interface KeyValueRow {
  name: string;
  value: string;
}

/** Rows of name → value (custom headers, model maps); `renderValue` swaps in a picker for the value. */
export function KeyValueEditor(props: {
  label: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  namePlaceholder: string;
  valuePlaceholder: string;
  nameLabel: string;
  valueLabel: string;
  renderValue?(row: KeyValueRow, index: number, update: (value: string) => void): React.ReactNode;
}) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<KeyValueRow>): void =>
    props.onChange(props.rows.map((row, position) => (position === index ? { ...row, ...patch } : row)));
  return (
    <div className="grid gap-2" role="group" aria-label={props.label}>
      {props.rows.map((row, index) => (
        <div key={index} className="grid grid-cols-[1fr_1fr_auto] gap-2">
          <Input
            aria-label={`${props.nameLabel} ${index + 1}`}
            value={row.name}
            placeholder={props.namePlaceholder}
            onChange={(event) => update(index, { name: event.target.value })}
          />
          {props.renderValue ? (
            props.renderValue(row, index, (value) => update(index, { value }))
          ) : (
            <Input
              aria-label={`${props.valueLabel} ${index + 1}`}
              value={row.value}
              placeholder={props.valuePlaceholder}
              onChange={(event) => update(index, { value: event.target.value })}
            />
          )}
          <Button
            variant="ghost"
            size="icon"
            aria-label={t('common.removeRow', { index: index + 1 })}
            onClick={() => props.onChange(props.rows.filter((_, position) => position !== index))}
          >
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <div>
        <Button
          variant="outline"
          size="sm"
          onClick={() => props.onChange([...props.rows, { name: '', value: '' }])}
        >
          <Plus aria-hidden />
          {t('common.addRow')}
        </Button>
      </div>
    </div>
  );
}
