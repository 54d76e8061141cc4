import { lazy, Suspense } from 'react';
import { Loading } from '../../components/query-state';

// recharts is heavy: the overview loads its charts after the page itself.
const Charts = lazy(() => import('./overview-charts'));

export function OverviewCharts() {
  return (
    <Suspense fallback={<Loading />}>
      <Charts />
    </Suspense>
  );
}
