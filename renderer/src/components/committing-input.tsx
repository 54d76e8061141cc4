import { useEffect, useRef, useState, type ComponentProps } from 'react';
import { Input } from './ui/input';

const IDLE_MS = 400;

/**
 * A text field that reports its value once typing pauses (or on Enter/blur),
 * and never in the middle of an IME composition, so Chinese input is not
 * filtered on half-typed pinyin.
 */
export function CommittingInput({
  value,
  onCommit,
  ...props
}: Omit<ComponentProps<'input'>, 'value' | 'onChange'> & { value: string; onCommit(value: string): void }) {
  const [draft, setDraft] = useState(value);
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (next: string): void => {
    clearTimeout(timer.current);
    if (next !== value) onCommit(next);
  };
  return (
    <Input
      {...props}
      value={draft}
      onChange={(event) => {
        const next = event.target.value;
        setDraft(next);
        if (composing.current) return;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), IDLE_MS);
      }}
      onCompositionStart={() => (composing.current = true)}
      onCompositionEnd={(event) => {
        composing.current = false;
        const next = event.currentTarget.value;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), IDLE_MS);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !composing.current) commit(draft);
      }}
      onBlur={() => commit(draft)}
    />
  );
}
