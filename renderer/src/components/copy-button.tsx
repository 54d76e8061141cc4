import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button } from './ui/button';

/** Copies `text`; says so on the button for a moment and in a toast (screen readers hear the toast). */
export function CopyButton(props: { text: string; label?: string; className?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
      toast.success(t('common.copied'));
      setTimeout(() => setCopied(false), 1500);
    } catch (error) {
      toast.error(t('common.copyFailed', { reason: (error as Error).message }));
    }
  };
  return (
    <Button variant="outline" size="sm" className={props.className} onClick={() => void copy()}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      {props.label ?? t('common.copy')}
    </Button>
  );
}
