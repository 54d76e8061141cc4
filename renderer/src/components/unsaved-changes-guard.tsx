import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigateHash } from '../lib/use-hash-route';
import { ConfirmDialog } from './ui/alert-dialog';

/**
 * While an editor holds unsaved changes: closing or reloading the tab asks
 * (the browser's own prompt), and following a link to another page of the
 * dashboard asks first, so a half-made edit is not lost by a stray click.
 */
export function UnsavedChangesGuard(props: { dirty: boolean }) {
  const { t } = useTranslation();
  const [leavingTo, setLeavingTo] = useState<string>();
  useEffect(() => {
    if (!props.dirty) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    // Capturing on the document runs before the router's own click handler on the link.
    const intercept = (event: MouseEvent): void => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href^="#/"]');
      const target = link?.getAttribute('href')?.slice(1);
      if (target === undefined || `#${target}` === location.hash) return;
      event.preventDefault();
      event.stopPropagation();
      setLeavingTo(target);
    };
    window.addEventListener('beforeunload', warn);
    document.addEventListener('click', intercept, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', intercept, true);
    };
  }, [props.dirty]);
  return (
    <ConfirmDialog
      open={leavingTo !== undefined}
      onOpenChange={(open) => {
        if (!open) setLeavingTo(undefined);
      }}
      title={t('common.unsaved.title')}
      description={t('common.unsaved.description')}
      confirmLabel={t('common.unsaved.leave')}
      onConfirm={() => {
        if (leavingTo !== undefined) navigateHash(leavingTo);
        setLeavingTo(undefined);
      }}
    />
  );
}
