import { Plus, X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './ui/button';
import { Input } from './ui/input';

/** A list of short strings (models, fallback keys): each removable, new ones added by Enter or the button. */
export function StringListEditor(props: {
  id?: string;
  label: string;
  values: string[];
  onChange(values: string[]): void;
  placeholder?: string;
  secret?: boolean;
  describedBy?: string | undefined;
  renderBadge?(value: string): ReactNode;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = (): void => {
    const value = draft.trim();
    if (value === '' || props.values.includes(value)) return;
    props.onChange([...props.values, value]);
    setDraft('');
  };
  return (
    <div className="grid gap-2">
      {props.values.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={props.label}>
          {props.values.map((value, index) => (
            <li
              key={`${value}-${index}`}
              className="flex items-center gap-1 rounded-md border bg-muted/50 py-0.5 pl-2 pr-0.5 text-xs"
            >
              <span className="font-mono">
                {props.secret ? value.replace(/^(.{0,6}).*(.{4})$/, '$1…$2') : value}
              </span>
              {props.renderBadge?.(value)}
              <Button
                variant="ghost"
                size="icon"
                className="size-6"
                aria-label={t('common.removeNamed', { name: value })}
                onClick={() => props.onChange(props.values.filter((_, position) => position !== index))}
              >
                <X aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Input
          id={props.id}
          aria-label={props.id ? undefined : props.label}
          aria-describedby={props.describedBy}
          value={draft}
          type={props.secret ? 'password' : 'text'}
          autoComplete="off"
          placeholder={props.placeholder}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            // Enter while an IME composes Chinese confirms the composition, not the list.
            if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
              event.preventDefault();
              add();
            }
          }}
        />
        <Button variant="outline" onClick={add} disabled={draft.trim() === ''}>
          <Plus aria-hidden />
          {t('common.add')}
        </Button>
      </div>
    </div>
  );
}
