import { WifiOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../client/transport';

/** Shown while the live event stream is down; the transport reconnects by itself and this goes away. */
export function ConnectionBanner(props: { state: ConnectionState }) {
  const { t } = useTranslation();
  if (props.state !== 'lost') return null;
  return (
    <div
      role="status"
      className="flex items-center gap-2 border-b border-warning/40 bg-warning/15 px-4 py-2 text-sm"
    >
      <WifiOff className="size-4 shrink-0" aria-hidden />
      {t('connection.lost')}
    </div>
  );
}
