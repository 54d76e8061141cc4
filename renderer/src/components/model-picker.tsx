import { useId } from 'react';
import type { AppConfig } from '../../../main/core/config/schema';
import { Input } from './ui/input';

/**
 * A model name with suggestions: the route provider's models as they are,
 * other providers' as `provider|model`. Free text is still allowed (a model
 * the list does not know yet). The browser's own datalist does the combobox.
 */
export function ModelPicker(props: {
  config: AppConfig;
  routeProvider: string;
  value: string;
  onChange(value: string): void;
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean | undefined;
  'aria-describedby'?: string | undefined;
  placeholder?: string;
}) {
  const listId = useId();
  const own = props.config.providers[props.routeProvider]?.models ?? [];
  const others = Object.entries(props.config.providers)
    .filter(([id]) => id !== props.routeProvider)
    .flatMap(([id, provider]) => provider.models.map((model) => `${id}|${model}`));
  return (
    <>
      <Input
        id={props.id}
        aria-label={props['aria-label']}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        list={listId}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete="off"
        onChange={(event) => props.onChange(event.target.value)}
      />
      <datalist id={listId}>
        {[...own, ...others].map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
    </>
  );
}
