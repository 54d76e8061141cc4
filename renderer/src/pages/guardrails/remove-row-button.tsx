import { X } from 'lucide-react';
import { Button } from '../../components/ui/button';

/** The ✕ that removes one row of a guardrails list; icon-only, so its label names the row. */
export function RemoveRowButton(props: { label: string; onRemove: () => void; className?: string }) {
  return (
    <Button
      variant="ghost"
      size="icon"
      {...(props.className ? { className: props.className } : {})}
      aria-label={props.label}
      onClick={props.onRemove}
    >
      <X aria-hidden />
    </Button>
  );
}
