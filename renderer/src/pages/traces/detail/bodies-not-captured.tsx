import { Info } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { typedConfig, useConfig } from '../../../queries/use-config';

/** Why a trace has no bodies (the capture mode), and where to change it. */
export function BodiesNotCaptured(props: { failed: boolean }) {
  const { t } = useTranslation();
  const config = useConfig();
  const capture = config.data ? typedConfig(config.data).recording.capture : undefined;
  const reason =
    capture === 'off'
      ? t('traces.notCaptured.off')
      : capture === 'errors' && !props.failed
        ? t('traces.notCaptured.errors')
        : t('traces.notCaptured.other');
  return (
    <div
      role="note"
      data-testid="bodies-not-captured"
      className="flex gap-3 rounded-md border border-dashed bg-muted/40 p-3 text-sm"
    >
      <Info className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
      <div className="grid gap-1">
        <p className="font-medium">{t('traces.notCaptured.title')}</p>
        <p className="text-muted-foreground">{reason}</p>
        <p className="text-muted-foreground">
          <Trans
            i18nKey="traces.notCaptured.howTo"
            components={{ settings: <Link href="/settings" className="text-primary underline" /> }}
          />
        </p>
      </div>
    </div>
  );
}
