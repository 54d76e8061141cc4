import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/query-state';
import { typedConfig, useConfig } from '../queries/use-config';
import { useCall } from '../queries/use-contract';
import { ConnectCard } from './overview/connect-card';
import { FirstRunGuide } from './overview/first-run-guide';
import { RecentErrorsCard } from './overview/recent-errors-card';
import { TodayNumbers } from './overview/today-numbers';

export function OverviewPage() {
  const { t } = useTranslation();
  const config = useConfig();
  const status = useCall('status', {});
  // Once started, the guide stays until it is finished, even though the provider it created now exists.
  const [guideOpen, setGuideOpen] = useState(false);
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold">{t('overview.title')}</h1>
      <QueryState query={config}>
        {(answer) => {
          const parsed = typedConfig(answer);
          const showGuide = guideOpen || Object.keys(parsed.providers).length === 0;
          if (showGuide)
            return (
              <FirstRunGuide
                listenUrl={status.data?.url}
                onStart={() => setGuideOpen(true)}
                onDone={() => setGuideOpen(false)}
              />
            );
          return (
            <>
              <TodayNumbers />
              <ConnectCard config={parsed} listenUrl={status.data?.url} />
              <RecentErrorsCard />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
